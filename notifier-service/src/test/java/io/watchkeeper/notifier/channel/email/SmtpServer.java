package io.watchkeeper.notifier.channel.email;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;

/**
 * A real SMTP server (GreenMail) on a free loopback port for the email channel; the notifier's mailer points
 * at it. It can be stopped and started again on the same port, to play an outage.
 */
public class SmtpServer implements QuarkusTestResourceLifecycleManager {

    private static int port;
    private static GreenMail server;

    @Override
    public Map<String, String> start() {
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        up();
        return Map.of(
                "quarkus.mailer.host",
                "127.0.0.1",
                "quarkus.mailer.port",
                Integer.toString(port),
                "quarkus.mailer.start-tls",
                "DISABLED",
                "quarkus.mailer.from",
                "watchkeeper@test.local");
    }

    public static synchronized void up() {
        server = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        server.start();
    }

    public static synchronized void down() {
        server.stop();
    }

    public static synchronized List<MimeMessage> received() {
        return List.of(server.getReceivedMessages());
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }
}
