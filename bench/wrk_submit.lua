-- wrk script: citizens submitting the public proposal form (bench/bench_province.py runs it).
--   wrk -t N -c N -d 22s http://127.0.0.1:PORT -s bench/wrk_submit.lua -- /proposals/c/<pk>/ <run-tag> <stop-epoch>
-- One connection per thread (-t = -c), so a thread's state is its connection's: cookies and the CAPTCHA.
-- Each submission is two requests: GET the form (new single-use CAPTCHA in the session, CSRF token in the
-- page), then POST it; a 302 to the receipt counts as accepted. The CAPTCHA answer is 7 (bench/_settings.py).
-- The client brings its own CSRF cookie (32 alphanumerics) so only the session cookie has to be read back
-- (wrk keeps one Set-Cookie header per response: Django sends sessionid last).

local threads = {}

function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

local form_path, tag, csrf_secret, post_until
local session, token
local posting = false
local n = 0
accepted, rejected, form_errors, sent = 0, 0, 0, 0
codes = {}

function init(args)
  form_path = args[1]
  tag = args[2] or "0"
  -- Submissions stop at this epoch second (a little before wrk does), so none is in flight at the end and
  -- every stored proposal had its response counted; after it the threads only ask for /healthz.
  post_until = tonumber(args[3] or "0")
  csrf_secret = string.format("wrkbench%024d", id)
end

local function urlencode(s)
  return (s:gsub("[^%w%-%._~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

local function cookies()
  local c = "csrftoken=" .. csrf_secret
  if session and session ~= "" then c = c .. "; sessionid=" .. session end
  return c
end

function request()
  if post_until > 0 and os.time() >= post_until then
    posting = false
    return wrk.format("GET", "/healthz")
  end
  if posting and token then
    n = n + 1
    sent = sent + 1
    local fields = {
      csrfmiddlewaretoken = token,
      title = string.format("压测建议%s-%d-%d 村道安装路灯", tag, id, n),
      level = "city", domain = "", proposer_name = "压测用户",
      proposer_phone = string.format("13%01d%08d", id % 10, n % 100000000),
      suggested_unit = "", suggested_unit_text = "基准单位",
      situation = "现有设施不足。", content = "建议在村道两侧安装太阳能路灯，方便群众夜间出行。",
      effect = "惠及周边居民。", remark = "", consent = "on", captcha = "7", website = "",
    }
    local parts = {}
    for k, v in pairs(fields) do table.insert(parts, k .. "=" .. urlencode(v)) end
    return wrk.format("POST", form_path, {
      ["Content-Type"] = "application/x-www-form-urlencoded", ["Cookie"] = cookies(),
      ["Referer"] = "http://127.0.0.1" .. form_path,
    }, table.concat(parts, "&"))
  end
  return wrk.format("GET", form_path, {["Cookie"] = cookies()})
end

function response(status, headers, body)
  if not posting and post_until > 0 and os.time() >= post_until and not body:find("csrfmiddlewaretoken") then
    return  -- the /healthz filler after the submissions stopped
  end
  local sc = headers["Set-Cookie"] or headers["set-cookie"]
  if sc then
    local v = sc:match("^sessionid=([^;]*)")
    if v then session = v end
  end
  if posting then
    if status == 302 then
      accepted = accepted + 1
      local code = (headers["Location"] or headers["location"] or ""):match("receipt/([^/]+)/")
      if code then table.insert(codes, code) end
    else
      rejected = rejected + 1
    end
    posting = false
  else
    token = body:match('name="csrfmiddlewaretoken" value="([^"]+)"')
    if status == 200 and token then posting = true else form_errors = form_errors + 1 end
  end
end

-- Totals over the threads; the receipt codes of accepted submissions go to WRK_CODES_FILE (one a line), so
-- the bench can check that every accepted submission is stored. POSTs still in flight when wrk stops
-- (sent - accepted - rejected, at most one per connection) may be stored without a counted response.
function done(summary, latency, requests)
  local a, r, f, s = 0, 0, 0, 0
  local out = os.getenv("WRK_CODES_FILE") and io.open(os.getenv("WRK_CODES_FILE"), "w")
  for _, t in ipairs(threads) do
    a = a + t:get("accepted"); r = r + t:get("rejected"); f = f + t:get("form_errors"); s = s + t:get("sent")
    if out then
      for _, code in ipairs(t:get("codes")) do out:write(code, "\n") end
    end
  end
  if out then out:close() end
  io.write(string.format("WRK accepted=%d rejected=%d form_errors=%d sent=%d seconds=%.2f\n", a, r, f, s,
    summary.duration / 1e6))
end
