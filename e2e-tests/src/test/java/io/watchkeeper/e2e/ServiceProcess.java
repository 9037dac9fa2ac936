package io.watchkeeper.e2e;

import java.io.IOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A packaged service ({@code target/quarkus-app/quarkus-run.jar}) running as its own process. */
final class ServiceProcess implements AutoCloseable {

    private static final java.util.Set<Integer> HANDED_OUT = new java.util.HashSet<>();

    final String name;
    final int port;
    private final Process process;
    private final Path log;
    private volatile boolean expectedToStop;

    private ServiceProcess(String name, int port, Process process, Path log) {
        this.name = name;
        this.port = port;
        this.process = process;
        this.log = log;
    }

    static ServiceProcess start(Path repoRoot, String module, Map<String, String> env) throws IOException {
        Path jar = repoRoot.resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
        if (!Files.exists(jar)) {
            throw new IllegalStateException(jar + " is missing: package the services first (./mvnw verify does)");
        }
        int port = freePort();
        Path logs = repoRoot.resolve("e2e-tests/target/e2e-logs");
        Files.createDirectories(logs);
        Path log = logs.resolve(module + "-" + port + ".log");
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(
                java, "-Xms64m", "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-jar", jar.toString()));
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().putAll(env);
        builder.environment().put("WK_HTTP_PORT", String.valueOf(port));
        return new ServiceProcess(module, port, builder.start(), log);
    }

    String url() {
        return "http://127.0.0.1:" + port;
    }

    /** What the process has written so far (stdout and stderr). */
    String log() throws IOException {
        return Files.readString(log);
    }

    /** Waits until {@code /q/health/ready} answers 200; fails at once if the process exits. */
    void awaitReady(Duration timeout) {
        org.awaitility.Awaitility.await()
                .atMost(timeout)
                .pollInterval(Duration.ofMillis(250))
                .until(() -> {
                    if (!process.isAlive()) {
                        throw new IllegalStateException(name + " exited with " + process.exitValue() + "; see " + log);
                    }
                    try {
                        HttpURLConnection c = (HttpURLConnection)
                                URI.create(url() + "/q/health/ready").toURL().openConnection();
                        c.setConnectTimeout(1000);
                        c.setReadTimeout(2000);
                        return c.getResponseCode() == 200;
                    } catch (IOException notYet) {
                        return false;
                    }
                });
    }

    /** Resident memory of the process in MiB (Linux), for the start-up report. */
    long rssMib() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + process.pid() + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }

    /** Waits for a process that ends by itself (a migration: QUARKUS_INIT_AND_EXIT) and returns its exit code. */
    int awaitExit(Duration timeout) throws InterruptedException {
        expectedToStop = true; // a run that ends by itself (a migration)
        if (!process.waitFor(timeout.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException(name + " still running after " + timeout + "; see " + log);
        }
        return process.exitValue();
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** Whether the test stopped it or waited for it to end; one that stopped otherwise has failed. */
    boolean expectedToStop() {
        return expectedToStop;
    }

    /** A hard stop (SIGKILL): no shutdown hook, no last checkpoint, no offset commit. */
    void kill() throws InterruptedException {
        expectedToStop = true;
        process.destroyForcibly().waitFor();
    }

    @Override
    public void close() throws InterruptedException {
        expectedToStop = true;
        process.destroy();
        if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }

    /**
     * A port free now and not handed to another process of this run: two services started together were once given the
     * same one (the first to bind won; the other's readiness was then answered by the wrong service).
     */
    static synchronized int freePort() throws IOException {
        while (true) {
            try (ServerSocket socket = new ServerSocket(0)) {
                if (HANDED_OUT.add(socket.getLocalPort())) {
                    return socket.getLocalPort();
                }
            }
        }
    }
}
