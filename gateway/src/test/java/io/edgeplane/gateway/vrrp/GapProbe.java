package io.edgeplane.gateway.vrrp;

import io.edgeplane.core.os.net.RawIpSocket;
import io.edgeplane.core.os.net.ReceivedDatagram;
import java.io.IOException;
import java.net.InetAddress;
import java.net.StandardProtocolFamily;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;

/**
 * The client's view of a failover: from the client namespace it sends an ICMP (ICMPv6) echo request to the
 * virtual IP every 10 ms and reports the longest time between two consecutive replies, which is how long the
 * virtual IP was unreachable for a client on the LAN, neighbour cache updates included.
 *
 * <p>Its own prober on a {@link RawIpSocket} (protocol 1 or 58) opened in the client namespace rather than
 * {@code ping -i 0.01 -D}: iputils' ping paces itself with poll timeouts and on these machines sends every 15 to
 * 20 ms instead of 10, and its output would have to be parsed; here a platform thread sends on a fixed 10 ms
 * schedule, another receives, and every reply is timed with {@link System#nanoTime()} as it arrives. Only echo
 * replies carrying this probe's identifier and coming from the virtual IP count. It stops by itself after
 * {@code maxDuration}, so a test that forgets it sends nothing for long.
 */
final class GapProbe implements AutoCloseable {

    private static final int ICMP = 1;
    private static final int ICMPV6 = 58;
    private static final int ECHO_REQUEST_V4 = 8;
    private static final int ECHO_REPLY_V4 = 0;
    private static final int ECHO_REQUEST_V6 = 128;
    private static final int ECHO_REPLY_V6 = 129;
    private static final int PACKET_LENGTH = 16;

    /** What a probe saw. */
    record Report(Duration longestGap, Duration longestGapStartedAfter, long sent, long received, long sendErrors,
            Duration ran) {

        long lost() {
            return sent - received;
        }

        @Override
        public String toString() {
            return "longest gap " + longestGap.toMillis() + " ms (starting " + longestGapStartedAfter.toMillis()
                    + " ms into the probe), " + received + "/" + sent + " replies, " + sendErrors + " send errors, ran "
                    + ran.toMillis() + " ms";
        }
    }

    private final RawIpSocket socket;
    private final InetAddress target;
    private final boolean ipv6;
    private final int identifier = ThreadLocalRandom.current().nextInt(1, 0x10000);
    private final long intervalNanos;
    private final long startNanos;
    private final long endNanos;
    private final Thread sender;
    private final Thread receiver;
    private volatile boolean stopped;

    private final Object lock = new Object();
    private long sent;
    private long sendErrors;
    private long received;
    private long lastReplyNanos;
    private long longestGapNanos;
    private long longestGapStartNanos;

    private GapProbe(RawIpSocket socket, InetAddress target, Duration interval, Duration maxDuration) {
        this.socket = socket;
        this.target = target;
        this.ipv6 = socket.family() == StandardProtocolFamily.INET6;
        this.intervalNanos = interval.toNanos();
        this.startNanos = System.nanoTime();
        this.endNanos = startNanos + maxDuration.toNanos();
        this.receiver = Thread.ofPlatform().name("gap-probe-receive").daemon(true).start(this::receiveLoop);
        this.sender = Thread.ofPlatform().name("gap-probe-send").daemon(true).start(this::sendLoop);
    }

    /** Starts probing {@code vip} (an address, with or without prefix length) from the topology's client. */
    static GapProbe start(Topology topology, String vip) throws Exception {
        return start(topology, vip, Duration.ofMillis(10), Duration.ofSeconds(60));
    }

    static GapProbe start(Topology topology, String vip, Duration interval, Duration maxDuration) throws Exception {
        InetAddress target = Topology.address(vip);
        StandardProtocolFamily family = Topology.family(vip);
        RawIpSocket socket = topology.client().namespace().call(() -> {
            RawIpSocket opened = RawIpSocket.open(topology.libc(), family,
                    family == StandardProtocolFamily.INET6 ? ICMPV6 : ICMP);
            try {
                opened.bindToDevice(Topology.INTERFACE);
            } catch (IOException | RuntimeException e) {
                opened.close();
                throw e;
            }
            return opened;
        });
        return new GapProbe(socket, target, interval, maxDuration);
    }

    private void sendLoop() {
        byte[] packet = new byte[PACKET_LENGTH];
        int sequence = 0;
        long next = System.nanoTime();
        while (!stopped && next - endNanos < 0) {
            long now = System.nanoTime();
            if (next - now > 0) {
                LockSupport.parkNanos(next - now);
                continue;
            }
            echoRequest(packet, sequence++ & 0xFFFF);
            try {
                socket.send(ByteBuffer.wrap(packet), target);
                synchronized (lock) {
                    sent++;
                }
            } catch (ClosedChannelException closed) {
                return;
            } catch (IOException e) {
                // No route or neighbour for a moment: the request is lost, which the gap shows.
                synchronized (lock) {
                    sent++;
                    sendErrors++;
                }
            }
            next += intervalNanos;
        }
    }

    private void echoRequest(byte[] packet, int sequence) {
        Arrays.fill(packet, (byte) 0);
        packet[0] = (byte) (ipv6 ? ECHO_REQUEST_V6 : ECHO_REQUEST_V4);
        packet[4] = (byte) (identifier >>> 8);
        packet[5] = (byte) identifier;
        packet[6] = (byte) (sequence >>> 8);
        packet[7] = (byte) sequence;
        long stamp = System.nanoTime();
        for (int i = 0; i < 8; i++) {
            packet[8 + i] = (byte) (stamp >>> (56 - 8 * i));
        }
        if (!ipv6) {
            // ICMPv6 raw sockets have the kernel fill in the checksum (it covers a pseudo-header); ICMP's is ours.
            int checksum = checksum(packet);
            packet[2] = (byte) (checksum >>> 8);
            packet[3] = (byte) checksum;
        }
    }

    private static int checksum(byte[] data) {
        long sum = 0;
        for (int i = 0; i + 1 < data.length; i += 2) {
            sum += ((data[i] & 0xFF) << 8) | (data[i + 1] & 0xFF);
        }
        if ((data.length & 1) != 0) {
            sum += (data[data.length - 1] & 0xFF) << 8;
        }
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        return (int) (~sum & 0xFFFF);
    }

    private void receiveLoop() {
        ByteBuffer buffer = ByteBuffer.allocate(1500);
        byte[] raw = target.getAddress();
        while (!stopped) {
            Optional<ReceivedDatagram> datagram;
            try {
                buffer.clear();
                datagram = socket.receive(buffer, Duration.ofMillis(50));
            } catch (IOException e) {
                return;
            }
            long now = System.nanoTime();
            if (datagram.isEmpty() || buffer.position() < 8
                    || !Arrays.equals(datagram.get().source().getAddress(), raw)) {
                continue;
            }
            int type = buffer.get(0) & 0xFF;
            int id = ((buffer.get(4) & 0xFF) << 8) | (buffer.get(5) & 0xFF);
            if (type != (ipv6 ? ECHO_REPLY_V6 : ECHO_REPLY_V4) || id != identifier) {
                continue;
            }
            synchronized (lock) {
                received++;
                if (lastReplyNanos != 0 && now - lastReplyNanos > longestGapNanos) {
                    longestGapNanos = now - lastReplyNanos;
                    longestGapStartNanos = lastReplyNanos;
                }
                lastReplyNanos = now;
                lock.notifyAll();
            }
        }
    }

    /** Replies counted so far. */
    long received() {
        synchronized (lock) {
            return received;
        }
    }

    /**
     * Waits until {@code count} more replies than now have come, or {@code timeout} passed; whether they came. A
     * test waits for some before the failure it causes (so the gap starts at a reply) and after the takeover (so
     * the gap is closed by one).
     */
    boolean awaitReplies(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            long goal = received + count;
            while (received < goal) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                lock.wait(Math.max(1, left / 1_000_000));
            }
            return true;
        }
    }

    /** Stops probing and reports. */
    Report finish() throws InterruptedException {
        stopped = true;
        sender.join();
        socket.close();
        receiver.join();
        synchronized (lock) {
            return new Report(Duration.ofNanos(longestGapNanos),
                    Duration.ofNanos(longestGapNanos == 0 ? 0 : longestGapStartNanos - startNanos), sent, received,
                    sendErrors, Duration.ofNanos(System.nanoTime() - startNanos));
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (!stopped) {
            finish();
        }
    }
}
