package io.watchkeeper.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP forwarder that can be cut: while cut, connecting is refused and every open connection is reset — what a
 * service sees when its broker goes down. Kafka clients must reach the broker only through it, so the broker
 * advertises the proxy's address on a listener of its own ({@code deploy/local/test.sh}: {@link TestInfra#kafkaOutageProxy()}).
 * Test code: plain blocking sockets, a thread per direction.
 */
public final class TcpProxy implements AutoCloseable {

    private final InetSocketAddress listen;
    private final InetSocketAddress target;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private volatile ServerSocket server;

    private TcpProxy(InetSocketAddress listen, InetSocketAddress target) {
        this.listen = listen;
        this.target = target;
    }

    /** Listens on {@code listen} and forwards each connection to {@code target} (both "host:port"). */
    public static TcpProxy start(String listen, String target) {
        TcpProxy proxy = new TcpProxy(address(listen), address(target));
        proxy.restore();
        return proxy;
    }

    private static InetSocketAddress address(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        return new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1)));
    }

    /** Stops accepting (new connections are refused) and resets every open connection. */
    public synchronized void cut() {
        if (server == null) {
            return;
        }
        closeQuietly(server);
        server = null;
        open.forEach(TcpProxy::reset);
        open.clear();
    }

    /** Accepts and forwards again. */
    public synchronized void restore() {
        if (server != null) {
            return;
        }
        try {
            ServerSocket s = new ServerSocket();
            s.setReuseAddress(true);
            s.bind(listen);
            server = s;
            daemon("proxy-accept", () -> accept(s));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot listen on " + listen, e);
        }
    }

    @Override
    public void close() {
        cut();
    }

    private void accept(ServerSocket s) {
        while (!s.isClosed()) {
            try {
                Socket client = s.accept();
                Socket upstream = new Socket();
                try {
                    upstream.connect(target, 5_000);
                } catch (IOException e) {
                    reset(client);
                    continue;
                }
                synchronized (this) {
                    if (server != s) {
                        // cut while this connection was being made: it must not outlive the cut
                        reset(client);
                        reset(upstream);
                        continue;
                    }
                    open.add(client);
                    open.add(upstream);
                }
                daemon("proxy-in", () -> pump(client, upstream));
                daemon("proxy-out", () -> pump(upstream, client));
            } catch (IOException e) {
                // closed by cut()
            }
        }
    }

    private void pump(Socket from, Socket to) {
        byte[] buffer = new byte[16 * 1024];
        try (InputStream in = from.getInputStream();
                OutputStream out = to.getOutputStream()) {
            for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                out.write(buffer, 0, n);
                out.flush();
            }
        } catch (IOException e) {
            // reset by cut() or by either side
        } finally {
            closeQuietly(from);
            closeQuietly(to);
            open.remove(from);
            open.remove(to);
        }
    }

    /** Closes with an RST, as a dead peer's host answers, instead of an orderly FIN. */
    private static void reset(Socket socket) {
        try {
            socket.setSoLinger(true, 0);
        } catch (SocketException e) {
            // already closed
        }
        closeQuietly(socket);
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            // nothing to do
        }
    }

    private static void daemon(String name, Runnable work) {
        Thread t = new Thread(work, name);
        t.setDaemon(true);
        t.start();
    }
}
