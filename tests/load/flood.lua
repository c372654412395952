-- tests/load/flood.lua - the wrk script of tests/load/flood.sh: every
-- request a sign-in with a wrong password, for names taken in turn from a
-- small set (the real admin's among them), as an attacker floods.
local k = 0
local id = 0
local n_threads = 0
function setup(thread) thread:set("id", n_threads); n_threads = n_threads + 1 end
request = function()
	k = k + 1
	local name = (k % 4 == 0) and "admin" or ("nobody" .. id .. "x" .. k)
	return wrk.format("POST", "/api/v1/login",
		{ ["Content-Type"] = "application/json", ["Origin"] = os.getenv("ZBB_ORIGIN") or "" },
		'{"name":"' .. name .. '","password":"wrong-password-' .. k .. '"}')
end
