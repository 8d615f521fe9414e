package io.edgeplane.config.vrrp;

import io.edgeplane.config.value.InterfaceNames;
import io.edgeplane.config.bind.Checked;
import io.edgeplane.config.bind.Checks;
import io.edgeplane.config.bind.Key;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Something whose health moves an instance's priority or puts it in FAULT (keepalived's {@code track_script},
 * {@code track_interface}, and in place of a check script, the health of this config's own proxy). Exactly one
 * of {@code script}, {@code listener}, {@code pool} and {@code interface} is given.
 *
 * <p>As in keepalived, weight 0 puts the instance in FAULT while the tracked thing is down; a negative weight is
 * taken off the priority while it is down, a positive one added while it is up; the result stays within 1..254.
 *
 * @param script        a check script of {@code vrrp.scripts}, by name
 * @param listener      a listener of {@code proxy.listeners}, by name: healthy while it is bound and accepting
 * @param pool          an upstream pool of {@code proxy.upstreams}, by name: healthy while at least one of its
 *                      servers is available
 * @param interfaceName a network interface: healthy while its link is up
 * @param weight        -253..253; absent = the script's weight for a script, 0 otherwise
 * @param fall          for a listener or pool: consecutive failed observations before it counts as down; absent = 1
 *                      (a script has its own {@code fall}, an interface none)
 * @param rise          for a listener or pool: consecutive good observations before it counts as up again; absent = 1
 */
public record VrrpTrackConfig(
        Optional<String> script,
        Optional<String> listener,
        Optional<String> pool,
        @Key("interface") Optional<String> interfaceName,
        Optional<Integer> weight,
        Optional<Integer> fall,
        Optional<Integer> rise) implements Checked {

    /** What a tracker watches. */
    public enum Kind {
        SCRIPT, LISTENER, POOL, INTERFACE;

        /** The key it is written with. */
        public String key() {
            return this == INTERFACE ? "interface" : name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** keepalived's bounds of {@code track_script} and {@code track_interface} weights. */
    public static final int MIN_WEIGHT = -253;
    public static final int MAX_WEIGHT = 253;

    public VrrpTrackConfig {
        Objects.requireNonNull(script, "script");
        Objects.requireNonNull(listener, "listener");
        Objects.requireNonNull(pool, "pool");
        Objects.requireNonNull(interfaceName, "interfaceName");
        Objects.requireNonNull(weight, "weight");
        Objects.requireNonNull(fall, "fall");
        Objects.requireNonNull(rise, "rise");
    }

    /** What this tracker watches. */
    public Kind kind() {
        List<Kind> kinds = kinds();
        if (kinds.size() != 1) {
            throw new IllegalStateException("a tracker watches exactly one thing, this one " + kinds);
        }
        return kinds.getFirst();
    }

    /** The name of what it watches: the script, listener, pool or interface. */
    public String target() {
        return switch (kind()) {
            case SCRIPT -> script.orElseThrow();
            case LISTENER -> listener.orElseThrow();
            case POOL -> pool.orElseThrow();
            case INTERFACE -> interfaceName.orElseThrow();
        };
    }

    /** Whether it names exactly one thing, which the check requires; the other checks skip it otherwise. */
    boolean wellFormed() {
        return kinds().size() == 1;
    }

    private List<Kind> kinds() {
        List<Kind> kinds = new ArrayList<>(1);
        script.ifPresent(s -> kinds.add(Kind.SCRIPT));
        listener.ifPresent(s -> kinds.add(Kind.LISTENER));
        pool.ifPresent(s -> kinds.add(Kind.POOL));
        interfaceName.ifPresent(s -> kinds.add(Kind.INTERFACE));
        return kinds;
    }

    @Override
    public void check(Checks checks) {
        List<Kind> kinds = kinds();
        if (kinds.size() != 1) {
            checks.error(kinds.isEmpty() ? "a tracker needs something to watch"
                            : "a tracker watches one thing, this one names " + String.join(" and ", kinds.stream().map(Kind::key).toList()),
                    "one of script, listener, pool or interface; one entry each");
        }
        weight.ifPresent(w -> checks.key("weight").require(w >= MIN_WEIGHT && w <= MAX_WEIGHT,
                "weight must be " + MIN_WEIGHT + ".." + MAX_WEIGHT,
                "0 (FAULT while down), or such as -20 (priority lowered by 20 while down), as keepalived"));
        interfaceName.ifPresent(name -> checks.key("interface").require(InterfaceNames.valid(name),
                "'" + name + "' is not an interface name", InterfaceNames.EXPECTED));
        if (kinds.size() == 1 && (kinds.getFirst() == Kind.SCRIPT || kinds.getFirst() == Kind.INTERFACE)) {
            String otherwise = kinds.getFirst() == Kind.SCRIPT
                    ? " of a script is set on the script, under vrrp.scripts" : " does not apply to an interface: its link state is followed as it changes";
            String expected = kinds.getFirst() == Kind.SCRIPT ? "fall and rise on the script" : "no fall or rise here";
            checks.key("fall").require(fall.isEmpty(), "fall" + otherwise, expected);
            checks.key("rise").require(rise.isEmpty(), "rise" + otherwise, expected);
        } else {
            fall.ifPresent(n -> checks.key("fall").require(n >= 1, "fall must be 1 or more", "such as 3"));
            rise.ifPresent(n -> checks.key("rise").require(n >= 1, "rise must be 1 or more", "such as 2"));
        }
    }
}
