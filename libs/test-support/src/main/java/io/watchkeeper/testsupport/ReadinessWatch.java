package io.watchkeeper.testsupport;

import static io.restassured.RestAssured.given;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Polls the service's {@code /q/health/ready} every 100 ms while a test runs and keeps every answer other than 200:
 * a test proves "readiness stayed UP" by {@code failures()} being empty.
 */
public final class ReadinessWatch implements AutoCloseable {

    private final ScheduledExecutorService executor = Executors.newSingleThreadScheduledExecutor();
    private final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    private volatile int last;

    private ReadinessWatch() {}

    /** Starts watching the service RestAssured points at. */
    public static ReadinessWatch start() {
        ReadinessWatch watch = new ReadinessWatch();
        watch.executor.scheduleAtFixedRate(
                () -> {
                    try {
                        int status = given().get("/q/health/ready").statusCode();
                        watch.last = status;
                        if (status != 200) {
                            watch.failures.add(Instant.now() + ": " + status);
                        }
                    } catch (RuntimeException e) {
                        watch.failures.add(Instant.now() + ": " + e);
                    }
                },
                0,
                100,
                TimeUnit.MILLISECONDS);
        return watch;
    }

    public List<String> failures() {
        return List.copyOf(failures);
    }

    /** The status of the latest answer (0 before the first). */
    public int last() {
        return last;
    }

    /** Waits until readiness answers {@code status}: DOWN (503) once a dependency is cut, UP (200) once it is back. */
    public void await(int status, java.time.Duration atMost) {
        org.awaitility.Awaitility.await()
                .atMost(atMost)
                .pollInterval(java.time.Duration.ofMillis(100))
                .until(() -> last == status);
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
