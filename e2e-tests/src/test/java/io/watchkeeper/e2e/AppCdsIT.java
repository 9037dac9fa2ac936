package io.watchkeeper.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.watchkeeper.testsupport.TestInfra;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The AppCDS step of the notifier's and the evaluator's images (src/main/docker/Dockerfile.jvm), on the packaged
 * service: the generation command ends by itself with an archive — without the generation mode built in it starts the
 * whole service instead, which fails here and, with a database in reach, never ends — and a JVM started with the
 * image's settings maps it.
 */
class AppCdsIT {

    @ParameterizedTest
    @ValueSource(strings = {"notifier-service", "evaluator-service"})
    void the_image_makes_an_archive_that_its_settings_map(String module) throws Exception {
        Path app = Services.ROOT.resolve(module + "/target/quarkus-app");
        Path dockerfile = Services.ROOT.resolve(module + "/src/main/docker/Dockerfile.jvm");
        Path archive = app.resolve("app-cds.jsa");
        Files.deleteIfExists(archive);

        // the Dockerfile's RUN, its options read from there: an empty environment but a throw-away encryption key
        Path log = Files.createDirectories(Services.ROOT.resolve("e2e-tests/target/e2e-logs"))
                .resolve(module + "-appcds.log");
        Process generation = java(app, imageGenerationOptions(dockerfile), log);
        assertThat(generation.waitFor(120, TimeUnit.SECONDS))
                .as("the generation ended by itself")
                .isTrue();
        assertThat(generation.exitValue()).as("see " + log).isZero();
        assertThat(archive).exists();

        // the image's JVM settings; -Xshare:on makes an archive the JVM cannot map an error instead of a silent no
        List<String> options = new ArrayList<>(imageJvmOptions(dockerfile));
        assertThat(options).contains("-XX:SharedArchiveFile=app-cds.jsa");
        options.addAll(List.of("-Xshare:on", "-Xlog:class+load=info", "-Dquarkus.appcds.generate=true"));
        Process run = java(app, options, null);
        String out = new String(run.getInputStream().readAllBytes());
        assertThat(run.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(run.exitValue())
                .as(out.lines()
                        .filter(l -> !l.contains("class,load"))
                        .limit(20)
                        .toList()
                        .toString())
                .isZero();
        long shared = out.lines()
                .filter(l -> l.contains("source: shared objects file (top)"))
                .count();
        System.out.printf("e2e: %d classes from the %s AppCDS archive%n", shared, module);
        assertThat(shared).as("classes loaded from the application's archive").isGreaterThan(3_000);
    }

    /** Run from the archive's directory, as the image does; its output to {@code log}, or read by the caller. */
    private static Process java(Path app, List<String> options, Path log) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(options);
        command.addAll(List.of("-jar", "quarkus-run.jar"));
        ProcessBuilder builder =
                new ProcessBuilder(command).directory(app.toFile()).redirectErrorStream(true);
        if (log != null) {
            builder.redirectOutput(log.toFile());
        }
        builder.environment().clear();
        builder.environment().put("PATH", System.getenv("PATH"));
        builder.environment().put("WK_ENCRYPTION_KEY", TestInfra.encryptionKey());
        return builder.start();
    }

    /** The options of the image's archive-making {@code RUN java … -jar quarkus-run.jar}, as the bench reads them. */
    private static List<String> imageGenerationOptions(Path dockerfile) throws Exception {
        Matcher run =
                Pattern.compile("(?m)^\\s*java (.*) -jar quarkus-run\\.jar").matcher(Files.readString(dockerfile));
        assertThat(run.find()).as("the Dockerfile's generation command").isTrue();
        return List.of(run.group(1).split(" "));
    }

    /** The -X options of the image's GC_CONTAINER_OPTIONS and JAVA_OPTS_APPEND, as the bench reads them. */
    private static List<String> imageJvmOptions(Path dockerfile) throws Exception {
        Matcher env = Pattern.compile("(?m)^ENV (?:GC_CONTAINER_OPTIONS|JAVA_OPTS_APPEND)=\"(.*)\"$")
                .matcher(Files.readString(dockerfile));
        List<String> options = new ArrayList<>();
        while (env.find()) {
            Arrays.stream(env.group(1).split(" "))
                    .filter(o -> o.startsWith("-X"))
                    .forEach(options::add);
        }
        return options;
    }
}
