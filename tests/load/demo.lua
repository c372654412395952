-- tests/load/demo.lua - the wrk script of tests/load/demo.sh: agency
-- sessions on the demo city reading what their pages request (the
-- dashboard's reports agencies and cuts, the agency page's project list, a
-- project with its findings, the findings queue, explain of its own
-- project, /me) and writing: a PUT of the session's own project W (the
-- project as the page read it, its first item's price changed), carrying
-- the version its last answer gave.  Each session's body is
-- $ZBB_LOAD_DIR/body-N.json with -77777 for the version and -88888 for the
-- price.  Each wrk thread owns a share of the sessions and keeps at most
-- one write of a session in flight, so a 409 means a real conflict.  Every
-- acknowledged write (200) is logged as "CODE VERSION" to
-- $ZBB_LOAD_DIR/acked-THREAD.log; done() prints the figures.
-- Latencies of reads and writes are kept apart (wrk's own histogram mixes
-- them): each thread records its own and done() merges them.
local threads = {}
local next_id = 0

function setup(thread)
	thread:set("id", next_id)
	next_id = next_id + 1
	table.insert(threads, thread)
end

function init(args)
	mode = args[1] or "mixed"
	local nthreads = tonumber(args[2] or "1")
	local every = tonumber(args[3] or "4")
	write_every = every
	local dir = os.getenv("ZBB_LOAD_DIR")
	mine = {}
	local i = 0
	for line in io.lines(dir .. "/sessions.txt") do
		i = i + 1
		local cookie, csrf, agency, w, p = line:match("(%S+) (%S+) (%S+) (%S+) (%S+)")
		if (i - 1) % nthreads == id then
			local f = io.open(dir .. "/body-" .. i .. ".json")
			local body = f:read("*a")
			f:close()
			mine[#mine + 1] = { cookie = cookie, csrf = csrf, agency = agency, w = w, p = p, version = 1,
				body = body, busy = false }
		end
	end
	by_code = {}
	for _, u in ipairs(mine) do by_code[u.w] = u end
	ack = io.open(dir .. "/acked-" .. id .. ".log", "w")
	lat = io.open(dir .. "/lat-" .. id .. ".log", "w")
	k = 0
	n_read, n_write, n_ok, n_conflict, n_other = 0, 0, 0, 0, 0
	other = ""
	-- what was sent, oldest first (wrk answers a connection's requests in
	-- order, but connections interleave: the kind is known from the answer)
	sent = {}
end

local function now_us() return wrk.time_us and wrk.time_us() or 0 end

function request()
	k = k + 1
	local u = mine[(k % #mine) + 1]
	local h = { ["Cookie"] = "zbb_session=" .. u.cookie }
	if mode == "mixed" and not u.busy and k % write_every == 0 then
		u.busy = true
		n_write = n_write + 1
		h["X-CSRF-Token"] = u.csrf
		h["Content-Type"] = "application/json"
		h["Sec-Fetch-Site"] = "same-origin"
		local body = u.body:gsub("%-77777", tostring(u.version)):gsub("%-88888", tostring(1000 + u.version))
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
		return wrk.format("GET", "/api/v1/projects/" .. u.w, h)
	end
	return wrk.format("GET", "/api/v1/me", h)
end

function response(status, headers, body)
	local code, version = body:match('^{"code":"([^"]+)".-"version":(%d+)')
	local u = code and by_code[code]
	if status == 200 and u and u.busy and body:find('"findings"', 1, true) and tonumber(version) == u.version + 1 then
		-- a write's answer (a read of W carries its version unchanged)
		u.busy = false
		n_ok = n_ok + 1
		u.version = tonumber(version)
		ack:write(code, " ", version, "\n")
		ack:flush()
	elseif status == 409 and body:find("STALE_VERSION", 1, true) then
		n_conflict = n_conflict + 1
		for _, x in ipairs(mine) do x.busy = false end
	elseif status ~= 200 then
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
	io.write(string.format("load: %d requests in %.1f s: %.0f req/s; latency (all) p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, max %.2f ms\n",
		summary.requests, secs, summary.requests / secs, latency:percentile(50) / 1000, latency:percentile(90) / 1000,
		latency:percentile(99) / 1000, latency.max / 1000))
	io.write(string.format("load: reads sent %d, writes sent %d: %d acknowledged, %d conflicts (409), %d other; socket errors %d\n",
		reads, writes, ok, conflicts, others,
		summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
	io.write(string.format("RESULT reqs=%d rps=%.0f p50=%.2f p99=%.2f writes_ok=%d conflicts=%d other=%d sockerr=%d\n",
		summary.requests, summary.requests / secs, latency:percentile(50) / 1000, latency:percentile(99) / 1000,
		ok, conflicts, others, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
