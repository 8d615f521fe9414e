package io.edgeplane.dhcp.server;

import io.edgeplane.dhcp.exchange.Delivery;
import java.net.Inet4Address;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/** A transport in memory: tests queue datagrams as if from the wire and read what the server sent. */
final class FakeTransport implements DhcpTransport {

    /** One reply as sent. */
    record Sent(byte[] payload, Delivery delivery) {
    }

    /** Called with each reply as it is sent, before it is recorded; a test checks what must be true by then. */
    interface SendCheck {
        void check(byte[] payload, Delivery delivery);
    }

    private final BlockingQueue<byte[]> incoming = new LinkedBlockingQueue<>();
    private final List<Sent> sent = new CopyOnWriteArrayList<>();
    private final Inet4Address source;
    private volatile SendCheck check = (payload, delivery) -> { };
    private volatile boolean closed;

    FakeTransport(Inet4Address source) {
        this.source = source;
    }

    void deliver(byte[] datagram) {
        incoming.add(datagram);
    }

    void onSend(SendCheck newCheck) {
        this.check = newCheck;
    }

    List<Sent> sent() {
        return List.copyOf(sent);
    }

    @Override
    public int receive(Duration timeout, Consumer<Datagram> receiver) throws java.io.IOException {
        if (closed) {
            throw new java.io.IOException("closed");
        }
        byte[] first;
        try {
            first = incoming.poll(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
        if (first == null) {
            return 0;
        }
        int count = 0;
        for (byte[] datagram = first; datagram != null && count < 64; datagram = incoming.poll()) {
            receiver.accept(new Datagram(ByteBuffer.wrap(datagram), source, 68));
            count++;
        }
        return count;
    }

    @Override
    public void send(ByteBuffer payload, Delivery delivery) {
        byte[] bytes = new byte[payload.remaining()];
        payload.get(bytes);
        check.check(bytes, delivery);
        sent.add(new Sent(bytes, delivery));
    }

    @Override
    public void close() {
        closed = true;
    }
}
