package io.edgeplane.proxy.stats;

/**
 * What a server is doing, as the stats page and the API name it. The first four are HAProxy's.
 */
public enum ServerState {
    /** Takes new requests. */
    UP,
    /** Its health checks fail: no new requests. */
    DOWN,
    /** Put aside by passive checks (failures seen on real requests) for a while: no new requests. */
    EJECTED,
    /** An operator drains it: no new requests, those open finish. */
    DRAIN,
    /** An operator took it out of service: no new requests, not even health checks. */
    MAINT;

    /** Whether the server may take new requests in this state. */
    public boolean takesRequests() {
        return this == UP;
    }
}
