package io.edgeplane.ntp.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.edgeplane.ntp.packet.NtpPacket;
import io.edgeplane.ntp.server.NtpRateLimiter.Settings;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Random and mutated datagrams, seeded so that a failure repeats: the answerer never throws, never replies with
 * more bytes than it was sent, and never reads past the datagram's length.
 */
class RequestAnswererFuzzTest {

    private static final int DATAGRAMS = 150_000;
    private static final long RECEIVED = 1_700_000_000_000_000_000L;
    private static final ServerState STATE = ServerState.local(3, -20, RECEIVED);

    private long now;

    @Test
    void noDatagramMakesItThrowOrAmplify() {
        SplittableRandom random = new SplittableRandom(0x5905_7822L);
        NtpRateLimiter limiter = new NtpRateLimiter(new Settings(0, 4, 2, 2, 24, 48, 256), () -> now,
                new SplittableRandom(1));
        RequestAnswerer limited = new RequestAnswerer(client -> (client.hashCode() & 7) != 0, limiter,
                RequestAnswerer.Refusal.KISS);
        RequestAnswerer open = new RequestAnswerer(client -> true, NtpRateLimiter.unlimited());
        Map<DropReason, Integer> drops = new EnumMap<>(DropReason.class);
        int replies = 0;

        for (int i = 0; i < DATAGRAMS; i++) {
            byte[] datagram = datagram(random);
            InetAddress client = client(random);
            now += random.nextLong(100_000L);

            Answer answer = limited.answer(datagram, datagram.length, client, RECEIVED + now, STATE);
            switch (answer) {
                case Answer.Reply reply -> {
                    assertThat(reply.datagram().length).isEqualTo(NtpPacket.LENGTH)
                            .isLessThanOrEqualTo(datagram.length);
                    reply.stampTransmitTime(RECEIVED + now + 1);
                    replies++;
                }
                case Answer.Drop drop -> drops.merge(drop.reason(), 1, Integer::sum);
            }

            // The same datagram in a larger buffer full of junk must get the same answer from a stateless server.
            byte[] padded = Arrays.copyOf(datagram, datagram.length + 1 + random.nextInt(64));
            for (int j = datagram.length; j < padded.length; j++) {
                padded[j] = (byte) random.nextInt();
            }
            assertThat(sameAnswer(open.answer(datagram, datagram.length, client, RECEIVED, STATE),
                    open.answer(padded, datagram.length, client, RECEIVED, STATE)))
                    .as("datagram %d: %s", i, Arrays.toString(datagram))
                    .isTrue();
        }

        // Every path was taken, so the run means something.
        assertThat(drops.keySet()).containsExactlyInAnyOrder(DropReason.values());
        assertThat(replies).isGreaterThan(DATAGRAMS / 20);
        assertThat(limiter.evictions()).isPositive();
        assertThat(limiter.kissed()).isPositive();
    }

    private static boolean sameAnswer(Answer a, Answer b) {
        if (a instanceof Answer.Reply ra && b instanceof Answer.Reply rb) {
            return Arrays.equals(ra.datagram(), rb.datagram()) && ra.kind() == rb.kind();
        }
        return a.equals(b);
    }

    /** A third pure noise, two thirds a well-formed request with a few bits or bytes changed or cut. */
    private static byte[] datagram(SplittableRandom random) {
        if (random.nextInt(3) == 0) {
            byte[] noise = new byte[random.nextInt(120)];
            random.nextBytes(noise);
            return noise;
        }
        byte[] request = Requests.of(1 + random.nextInt(4), NtpPacket.MODE_CLIENT, random.nextLong());
        if (random.nextBoolean()) {
            int[] fields = new int[random.nextInt(3)];
            for (int i = 0; i < fields.length; i++) {
                fields[i] = 16 + 4 * random.nextInt(20);
            }
            request[0] = (byte) (4 << 3 | NtpPacket.MODE_CLIENT);
            request = Requests.withTrailer(request, random.nextBoolean() ? 0 : 20 + 4 * random.nextInt(2), fields);
        }
        return mutate(request, random);
    }

    private static byte[] mutate(byte[] request, SplittableRandom random) {
        int mutations = random.nextInt(4);
        for (int i = 0; i < mutations; i++) {
            switch (random.nextInt(5)) {
                case 0 -> request[random.nextInt(request.length)] ^= (byte) (1 << random.nextInt(8));
                case 1 -> request[random.nextInt(request.length)] = (byte) random.nextInt();
                case 2 -> request[0] = (byte) random.nextInt();
                case 3 -> request = Arrays.copyOf(request, random.nextInt(request.length + 1));
                default -> {
                    // An extension field's length, where one would be.
                    if (request.length >= 52) {
                        request[50] = (byte) random.nextInt();
                        request[51] = (byte) random.nextInt();
                    }
                }
            }
            if (request.length == 0) {
                return request;
            }
        }
        return request;
    }

    private static InetAddress client(SplittableRandom random) {
        byte[] bytes = new byte[random.nextBoolean() ? 4 : 16];
        random.nextBytes(bytes);
        // 256 /24s and 256 /48s for a table of 256: limits and evictions both happen.
        bytes[0] &= (byte) 0x0F;
        if (bytes.length == 4) {
            bytes[1] = 0;
            bytes[2] &= (byte) 0x0F;
        } else {
            Arrays.fill(bytes, 1, 5, (byte) 0);
            bytes[5] &= (byte) 0x0F;
        }
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
