package io.edgeplane.dns.forward;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * An upstream DNS server on loopback for tests: a UDP socket read by one thread, whose behaviour decides what to
 * send back, and optionally a TCP listener on the same port. Everything stops on {@link #close()}.
 */
final class FakeUpstream implements AutoCloseable {

    /** What the server does with one UDP query. */
    interface Behaviour {
        void handle(FakeUpstream upstream, byte[] query, InetSocketAddress client) throws Exception;
    }

    static final Behaviour SILENT = (upstream, query, client) -> { };

    static Behaviour answering(String ip) {
        return (upstream, query, client) -> upstream.send(Replies.answer(query, ip), client);
    }

    static Behaviour answeringAfter(long millis, String ip) {
        return (upstream, query, client) -> upstream.sendLater(Replies.answer(query, ip), client, millis);
    }

    static Behaviour failingWith(int rcode) {
        return (upstream, query, client) -> upstream.send(Replies.answer(query, null, rcode, false), client);
    }

    private final DatagramSocket socket;
    private final Behaviour behaviour;
    private final Thread reader;
    private final ScheduledExecutorService later = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "fake-upstream-later");
        thread.setDaemon(true);
        return thread;
    });
    private final List<byte[]> queries = new ArrayList<>();
    private final List<byte[]> tcpQueries = new ArrayList<>();
    private ServerSocket tcp;
    private Thread tcpAcceptor;

    FakeUpstream(Behaviour behaviour) throws IOException {
        this.behaviour = behaviour;
        this.socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        this.reader = Thread.ofPlatform().daemon().name("fake-upstream-udp").start(this::readUdp);
    }

    /** Also answers over TCP on the same port, with what {@code answer} makes of each query. */
    FakeUpstream withTcp(UnaryOperator<byte[]> answer) throws IOException {
        tcp = new ServerSocket();
        tcp.bind(address());
        tcpAcceptor = Thread.ofPlatform().daemon().name("fake-upstream-tcp").start(() -> acceptTcp(answer));
        return this;
    }

    InetSocketAddress address() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    UpstreamServer server(String... domains) {
        return new UpstreamServer(address(), List.of(domains));
    }

    synchronized int queryCount() {
        return queries.size();
    }

    synchronized List<byte[]> queries() {
        return List.copyOf(queries);
    }

    synchronized int tcpQueryCount() {
        return tcpQueries.size();
    }

    void send(byte[] message, InetSocketAddress to) throws IOException {
        socket.send(new DatagramPacket(message, message.length, to));
    }

    void sendLater(byte[] message, InetSocketAddress to, long millis) {
        later.schedule(() -> {
            send(message, to);
            return null;
        }, millis, TimeUnit.MILLISECONDS);
    }

    private void readUdp() {
        byte[] buffer = new byte[65535];
        while (!socket.isClosed()) {
            DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
            try {
                socket.receive(packet);
                byte[] query = Arrays.copyOf(buffer, packet.getLength());
                synchronized (this) {
                    queries.add(query);
                }
                behaviour.handle(this, query, (InetSocketAddress) packet.getSocketAddress());
            } catch (Exception e) {
                if (!socket.isClosed()) {
                    e.printStackTrace();
                }
            }
        }
    }

    private void acceptTcp(UnaryOperator<byte[]> answer) {
        while (!tcp.isClosed()) {
            try (Socket connection = tcp.accept()) {
                connection.setSoTimeout(2000);
                DataInputStream in = new DataInputStream(connection.getInputStream());
                byte[] query = new byte[in.readUnsignedShort()];
                in.readFully(query);
                synchronized (this) {
                    tcpQueries.add(query);
                }
                byte[] reply = answer.apply(query);
                DataOutputStream out = new DataOutputStream(connection.getOutputStream());
                out.writeShort(reply.length);
                out.write(reply);
                out.flush();
            } catch (IOException e) {
                if (!tcp.isClosed()) {
                    e.printStackTrace();
                }
            }
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
        if (tcp != null) {
            tcp.close();
        }
        later.shutdownNow();
        try {
            reader.join(1000);
            if (tcpAcceptor != null) {
                tcpAcceptor.join(1000);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
