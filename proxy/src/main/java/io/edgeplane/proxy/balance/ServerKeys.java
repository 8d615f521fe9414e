package io.edgeplane.proxy.balance;

import java.util.HashMap;
import java.util.Map;

/**
 * The names consistent-hashing policies place servers by. A server is named by its address, not its
 * position, so reordering a pool or adding a server leaves the others' keys where they were; a repeated
 * address gets a suffix per repeat, or its copies would share every point and the later one would
 * never be picked.
 */
final class ServerKeys {

    private ServerKeys() {
    }

    static String[] of(UpstreamServer[] servers) {
        String[] keys = new String[servers.length];
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < servers.length; i++) {
            String address = servers[i].address().toString();
            int repeat = seen.merge(address, 1, Integer::sum) - 1;
            keys[i] = repeat == 0 ? address : address + "%" + repeat;
        }
        return keys;
    }
}
