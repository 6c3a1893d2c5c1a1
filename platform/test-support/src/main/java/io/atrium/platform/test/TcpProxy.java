package io.atrium.platform.test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A TCP proxy on a loopback port in front of a real server, which a test takes down and brings back to simulate an
 * outage of that server without touching it: {@link #down()} closes the listening socket (new connections are refused)
 * and cuts every open connection; {@link #up()} listens on the same port again. Put it between a service's data source
 * and PostgreSQL with {@link #jdbcUrl(String)}.
 */
public final class TcpProxy implements AutoCloseable {

    private static final Pattern JDBC_URL =
            Pattern.compile("^(jdbc:postgresql://)([^/:?]+|\\[[^]]+])(?::(\\d+))?(.*)$");

    private final String targetHost;
    private final int targetPort;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile int port;
    private volatile ServerSocket listener;

    private TcpProxy(String targetHost, int targetPort) {
        this.targetHost = targetHost;
        this.targetPort = targetPort;
    }

    /** A running proxy on a free loopback port that forwards to {@code host:port} (a loopback address). */
    public static TcpProxy to(String host, int port) {
        TcpProxy proxy = new TcpProxy(host, port);
        proxy.listen(0);
        return proxy;
    }

    /** A running proxy in front of the server a PostgreSQL JDBC URL names. */
    public static TcpProxy forJdbcUrl(String jdbcUrl) {
        Matcher m = match(jdbcUrl);
        return to(
                m.group(2).replace("[", "").replace("]", ""), m.group(3) == null ? 5432 : Integer.parseInt(m.group(3)));
    }

    /** {@code jdbcUrl} with its host and port replaced by this proxy's. */
    public String jdbcUrl(String jdbcUrl) {
        Matcher m = match(jdbcUrl);
        return m.group(1) + "127.0.0.1:" + port + m.group(4);
    }

    public int port() {
        return port;
    }

    public boolean isUp() {
        return listener != null;
    }

    /** Refuses new connections and cuts every open one, as a crashed or restarting server would. */
    public synchronized void down() {
        ServerSocket l = listener;
        listener = null;
        closeQuietly(l);
        open.forEach(TcpProxy::closeQuietly);
        open.clear();
    }

    /** Accepts connections again, on the same port. */
    public synchronized void up() {
        if (listener == null) {
            listen(port);
        }
    }

    @Override
    public void close() {
        down();
    }

    private void listen(int requestedPort) {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (true) {
            try {
                ServerSocket socket = new ServerSocket();
                socket.setReuseAddress(true);
                socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), requestedPort));
                port = socket.getLocalPort();
                listener = socket;
                Thread.ofVirtual().name("tcp-proxy-accept-" + port).start(() -> accept(socket));
                return;
            } catch (IOException e) {
                // The port can linger briefly after down(); try again until the deadline.
                if (System.nanoTime() > deadline) {
                    throw new UncheckedIOException("Cannot listen on port " + requestedPort, e);
                }
                java.util.concurrent.locks.LockSupport.parkNanos(
                        Duration.ofMillis(50).toNanos());
            }
        }
    }

    private void accept(ServerSocket socket) {
        while (!socket.isClosed()) {
            Socket client;
            try {
                client = socket.accept();
            } catch (IOException e) {
                return; // closed by down()
            }
            Socket server = connectToTarget();
            if (server == null) {
                closeQuietly(client);
                continue;
            }
            open.add(client);
            open.add(server);
            if (listener != socket) {
                // down() ran meanwhile: this connection must not survive it.
                closeQuietly(client);
                closeQuietly(server);
                return;
            }
            Thread.ofVirtual().start(() -> pump(client, server));
            Thread.ofVirtual().start(() -> pump(server, client));
        }
    }

    /** Tries each loopback address of the target (localhost may be ::1 or 127.0.0.1); null when none answers. */
    private Socket connectToTarget() {
        try {
            for (InetAddress address : InetAddress.getAllByName(targetHost)) {
                if (!address.isLoopbackAddress()) {
                    continue; // tests talk to loopback only
                }
                try {
                    return new Socket(address, targetPort);
                } catch (IOException e) {
                    // next address
                }
            }
        } catch (IOException e) {
            // unknown host: as if down
        }
        return null;
    }

    private void pump(Socket from, Socket to) {
        try (InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream()) {
            in.transferTo(out);
        } catch (SocketException e) {
            // cut by down(), or the peer went away
        } catch (IOException e) {
            // the same, reported differently
        } finally {
            closeQuietly(from);
            closeQuietly(to);
            open.remove(from);
            open.remove(to);
        }
    }

    private static Matcher match(String jdbcUrl) {
        Matcher m = JDBC_URL.matcher(jdbcUrl);
        if (!m.matches()) {
            throw new IllegalArgumentException("Not a PostgreSQL JDBC URL: " + jdbcUrl);
        }
        return m;
    }

    private static void closeQuietly(java.io.Closeable closeable) {
        if (closeable != null) {
            try {
                closeable.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }
}
