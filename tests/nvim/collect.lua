-- Drive `contractlint lsp` from Neovim (0.7+) headless and write the diagnostics
-- it shows as JSON lines. Neovim is an LSP client independent of pygls: it does
-- its own UTF-16 ↔ byte conversion and computes its own incremental changes.
--
-- Run: nvim --headless -u NONE -i NONE -n -c "luafile tests/nvim/collect.lua"
-- Environment:
--   CONTRACTLINT_LSP_CMD  JSON array: the server command
--   CONTRACTLINT_FILE     the contract to open
--   CONTRACTLINT_OUT      where to write the JSON lines
--   CONTRACTLINT_EDIT     optional JSON {"line": n, "text": "..."}: after the first
--                         diagnostics, replace 0-based line n and collect again
--   CONTRACTLINT_TIMEOUT  milliseconds to wait for each publication (default 20000)
--
-- Each output line: {"phase": 1|2, "lnum", "col", "end_lnum", "end_col" (0-based,
-- columns in bytes, as Neovim stores them), "code", "source", "severity", "message"};
-- or {"error": "..."} when something went wrong (then Neovim exits with 1).

local out = os.getenv("CONTRACTLINT_OUT")
local lines = {}

local function finish(code)
  vim.fn.writefile(lines, out)
  vim.cmd((code == 0) and "qall!" or "cquit! " .. code)
end

local function fail(message)
  table.insert(lines, vim.fn.json_encode({ error = message }))
  finish(1)
end

local ok, err = pcall(function()
  local cmd = vim.fn.json_decode(os.getenv("CONTRACTLINT_LSP_CMD"))
  local file = os.getenv("CONTRACTLINT_FILE")
  local timeout = tonumber(os.getenv("CONTRACTLINT_TIMEOUT") or "20000")
  local edit = os.getenv("CONTRACTLINT_EDIT")

  vim.cmd("edit " .. vim.fn.fnameescape(file))
  local buf = vim.api.nvim_get_current_buf()
  local uri = vim.uri_from_bufnr(buf)
  local published = 0

  local client_id = vim.lsp.start_client({
    name = "contractlint",
    cmd = cmd,
    root_dir = vim.fn.fnamemodify(file, ":p:h"),
    flags = { debounce_text_changes = 0, allow_incremental_sync = true },
    handlers = {
      ["textDocument/publishDiagnostics"] = function(e, result, ctx, config)
        vim.lsp.diagnostic.on_publish_diagnostics(e, result, ctx, config)
        if result and result.uri == uri then
          published = published + 1
        end
      end,
    },
  })
  if not client_id then
    return fail("could not start the server")
  end
  vim.lsp.buf_attach_client(buf, client_id)

  local function collect(phase)
    for _, d in ipairs(vim.diagnostic.get(buf)) do
      local lsp = (d.user_data or {}).lsp or {}
      table.insert(lines, vim.fn.json_encode({
        phase = phase,
        lnum = d.lnum,
        col = d.col,
        end_lnum = d.end_lnum,
        end_col = d.end_col,
        code = d.code or lsp.code,
        source = d.source or lsp.source,
        severity = d.severity,
        message = d.message,
      }))
    end
  end

  if not vim.wait(timeout, function() return published >= 1 end, 20) then
    return fail("no diagnostics published within " .. timeout .. " ms")
  end
  collect(1)

  if edit and edit ~= "" then
    local change = vim.fn.json_decode(edit)
    local before = published
    vim.api.nvim_buf_set_lines(buf, change.line, change.line + 1, false, { change.text })
    if not vim.wait(timeout, function() return published > before end, 20) then
      return fail("no diagnostics after the edit within " .. timeout .. " ms")
    end
    collect(2)
  end

  vim.lsp.stop_client(client_id)
  finish(0)
end)

if not ok then
  fail(tostring(err))
end
