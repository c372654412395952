-- tests/load/zbb.lua - the wrk script of tests/load/run.sh: agency
-- sessions reading what their pages request - the dashboard (reports
-- agencies and cuts of scenario base), the agency page (its project list,
-- a project with its findings, the findings queue), the explain of its own
-- project and /me - and (mode "mixed") writing: a PUT of the agency's own project
-- W### with a changed item, carrying the version its last answer gave.
-- Each wrk thread owns a share of the sessions and keeps at most one write
-- in flight, so a 409 means a real conflict.  Every acknowledged write
-- (200) is logged as "CODE VERSION" to $ZBB_LOAD_DIR/acked-THREAD.log;
-- done() prints the figures and the statuses for run.sh to check.
local threads = {}
local next_id = 0

function setup(thread)
	thread:set("id", next_id)
	next_id = next_id + 1
	table.insert(threads, thread)
end

function init(args)
	mode = args[1] or "read"
	local nthreads = tonumber(args[2] or "1")
	users = {}
	for line in io.lines(os.getenv("ZBB_LOAD_DIR") .. "/sessions.txt") do
		local cookie, csrf, agency, w, p = line:match("(%S+) (%S+) (%S+) (%S+) (%S+)")
		users[#users + 1] = { cookie = cookie, csrf = csrf, agency = agency, w = w, p = p, version = 1 }
	end
	-- this thread's share
	mine = {}
	for i, u in ipairs(users) do
		if (i - 1) % nthreads == id then mine[#mine + 1] = u end
	end
	by_code = {}
	for _, u in ipairs(mine) do by_code[u.w] = u end
	ack = io.open(os.getenv("ZBB_LOAD_DIR") .. "/acked-" .. id .. ".log", "w")
	k, writing = 0, false
	n_read, n_write, n_ok, n_conflict, n_other = 0, 0, 0, 0, 0
	other = ""
end

function request()
	k = k + 1
	local u = mine[(k % #mine) + 1]
	local h = { ["Cookie"] = "zbb_session=" .. u.cookie }
	if mode == "mixed" and not writing and k % 4 == 0 then
		writing = true
		n_write = n_write + 1
		local v = u.version + 1
		h["X-CSRF-Token"] = u.csrf
		h["Content-Type"] = "application/json"
		h["Sec-Fetch-Site"] = "same-origin"
		local body = string.format('{"version":%d,"name":"负载测试项目%s","kind":"specific","tier":"general",' ..
			'"function":"2050201","items":[{"seq":1,"content":"load-%s-%d","economic":"30201","unit":"批",' ..
			'"price_fen":%d,"quantity":"1"},{"seq":2,"content":"固定明细","economic":"30201","unit":"批",' ..
			'"price_fen":100,"quantity":"2"}]}', u.version, u.w, u.w, v, 1000 + v)
		return wrk.format("PUT", "/api/v1/projects/" .. u.w, h, body)
	end
	n_read = n_read + 1
	local r = k % 8
	if r == 0 then
		return wrk.format("GET", "/api/v1/reports/agencies?scenario=base&format=json", h)
	elseif r == 1 then
		return wrk.format("GET", "/api/v1/reports/cuts?scenario=base&format=json", h)
	elseif r == 2 then
		return wrk.format("GET", "/api/v1/projects?agency=" .. u.agency, h)
	elseif r == 3 then
		return wrk.format("GET", "/api/v1/projects/" .. u.p, h)
	elseif r == 4 then
		return wrk.format("GET", "/api/v1/findings?agency=" .. u.agency, h)
	elseif r == 5 then
		return wrk.format("GET", "/api/v1/explain/" .. u.w .. "?scenario=base", h)
	elseif r == 6 then
		return wrk.format("GET", "/api/v1/explain/" .. u.p .. "/1?scenario=base", h)
	end
	return wrk.format("GET", "/api/v1/me", h)
end

function response(status, headers, body)
	local code, version = body:match('^{"code":"(W%d+)".-"version":(%d+)')
	if status == 200 and code then -- a write's answer
		writing = false
		n_ok = n_ok + 1
		by_code[code].version = tonumber(version)
		ack:write(code, " ", version, "\n")
		ack:flush()
	elseif status == 409 and body:find("STALE_VERSION", 1, true) then
		writing = false
		n_conflict = n_conflict + 1
	elseif status ~= 200 then
		writing = false
		n_other = n_other + 1
		if #other < 300 then other = other .. status .. " " .. body:sub(1, 120) .. "\n" end
	end
end

function done(summary, latency, requests)
	local reads, writes, ok, conflicts, others = 0, 0, 0, 0, 0
	for _, t in ipairs(threads) do
		reads = reads + t:get("n_read")
		writes = writes + t:get("n_write")
		ok = ok + t:get("n_ok")
		conflicts = conflicts + t:get("n_conflict")
		others = others + t:get("n_other")
		local o = t:get("other")
		if o and #o > 0 then io.write("other answers:\n", o) end
	end
	local secs = summary.duration / 1e6
	io.write(string.format("load: %d requests in %.1f s: %.0f req/s; latency p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms\n",
		summary.requests, secs, summary.requests / secs, latency:percentile(50) / 1000, latency:percentile(90) / 1000,
		latency:percentile(99) / 1000, latency.max / 1000))
	io.write(string.format("load: reads sent %d, writes sent %d: %d acknowledged, %d conflicts (409), %d other; socket errors %d\n",
		reads, writes, ok, conflicts, others,
		summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
	io.write(string.format("RESULT reqs=%d rps=%.0f p50=%.2f p99=%.2f writes_ok=%d conflicts=%d other=%d sockerr=%d\n",
		summary.requests, summary.requests / secs, latency:percentile(50) / 1000, latency:percentile(99) / 1000,
		ok, conflicts, others, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
