"""The token limits on Redis in one round trip: one Lua script checks and counts them all.

The script keeps the `limits` library's sliding-window counter as it is (its keys, its shift of
an ended window into the previous one, the previous window's weight, no count past a limit),
for each limit in order up to the first it breaks. Before the first scarce limit it reads their
share used and, under pressure, spends the request's proof nonce or stops for a challenge
(work_gate.py). One EVALSHA, where each limit and each reading was one. Not on Redis Cluster,
where the keys of different limits live on different nodes: there each limit is one call.
"""

from __future__ import annotations

from collections.abc import Mapping

from limits import RateLimitItem
from limits.errors import StorageError
from limits.storage import RedisClusterStorage, RedisStorage, Storage

from callgate.calltokens.work import Proven
from callgate.ratelimit import rules
from callgate.ratelimit.work_gate import SPENT, SPENT_MARGIN, Gate, Planned

#: KEYS: each limit's previous and current window, then the nonce to spend. ARGV: the number
#: of limits, the threshold (-1: no gate), the nonce's life in ms (0: no proof), the first scarce
#: limit's index (n + 1: none), then each limit's amount and window in seconds. Answers
#: {0 or the 1-based index of the limit broken, or -1: challenge, -2: proof spent; the share}.
SCRIPT = """
local n, threshold = tonumber(ARGV[1]), tonumber(ARGV[2])
local nonce_ttl, first_scarce = tonumber(ARGV[3]), tonumber(ARGV[4])
local function window(i)
  local previous, current = KEYS[2 * i - 1], KEYS[2 * i]
  local expiry = tonumber(ARGV[4 + 2 * i]) * 1000
  local current_ttl = tonumber(redis.call('pttl', current))
  if current_ttl > 0 and current_ttl < expiry then
    redis.call('rename', current, previous)
    redis.call('set', current, 0, 'PX', current_ttl + expiry)
  end
  local previous_ttl = math.max(tonumber(redis.call('pttl', previous)) or 0, 0)
  local previous_count = tonumber(redis.call('get', previous)) or 0
  local current_count = tonumber(redis.call('get', current)) or 0
  return previous_count * previous_ttl / expiry, current_count, expiry
end
local share = 0
for i = 1, n do
  if i == first_scarce and threshold >= 0 then
    for j = i, n do
      local weighted, current_count = window(j)
      share = math.max(share, (weighted + current_count) / tonumber(ARGV[3 + 2 * j]))
    end
    if share >= threshold and share < 1 then
      if nonce_ttl <= 0 then return {-1, tostring(share)} end
      local fresh = redis.call('set', KEYS[2 * n + 1], 1, 'NX', 'PX', nonce_ttl)
      if not fresh then return {-2, tostring(share)} end
    end
  end
  local weighted, current_count, expiry = window(i)
  if math.floor(weighted) + current_count + 1 > tonumber(ARGV[3 + 2 * i]) then
    return {i, tostring(share)}
  end
  local current = KEYS[2 * i]
  if redis.call('exists', current) == 1 then
    redis.call('incrby', current, 1)
  else
    redis.call('set', current, 1, 'PX', expiry * 2)
  end
end
return {0, tostring(share)}
"""


def one_trip(storage: Storage) -> RedisTrip | None:
    """Return the one-round-trip counter for `storage` if it is a single Redis, else None."""
    if isinstance(storage, RedisStorage) and not isinstance(storage, RedisClusterStorage):
        return RedisTrip(storage)
    return None


class RedisTrip:
    """Counts a request's token limits in one script call on one Redis."""

    def __init__(self, storage: RedisStorage) -> None:
        """Register the script on `storage`'s connection (loaded on first use)."""
        self.storage = storage
        self.script = storage.get_connection().register_script(SCRIPT.encode())

    def count(
        self, namespace: str, planned: Planned, keys: Mapping[str, str], gate: Gate | None
    ) -> tuple[str, RateLimitItem] | None:
        """Count the request as limiter.py's `_count` does; return the (kind, item) broken, or
        None; raise ChallengeRequired or StorageError."""
        storage = self.storage
        names = [item.key_for(namespace, kind, keys[kind]) for kind, item in planned]
        windows = [
            storage.prefixed_key(name)
            for key in names
            for name in (storage._previous_window_key(key), storage._current_window_key(key))
        ]
        scarce = [n for n, (kind, _) in enumerate(planned) if kind in rules.SCARCE]
        found = gate.checked() if gate is not None else None
        proven = found if isinstance(found, Proven) else None
        threshold = gate.policy.threshold if gate is not None and scarce else -1
        life = (gate.policy.seconds + SPENT_MARGIN) * 1000 if gate is not None and proven else 0
        nonce = [storage.prefixed_key(gate.spent_key(proven))] if gate and proven else []
        args = [len(planned), threshold, life, (scarce[0] if scarce else len(planned)) + 1]
        args += [value for _, item in planned for value in (item.amount, item.get_expiry())]
        try:
            code, share = self.script(keys=[*windows, *nonce], args=args)
        except storage.base_exceptions as exc:
            raise StorageError(exc) from exc
        if code < 0 and gate is not None:
            rejected = SPENT if code == -2 else found if not isinstance(found, Proven) else None
            gate.refuse(float(share), rejected)
        return planned[code - 1] if code > 0 else None
