package io.watchkeeper.collector.ingest;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.watchkeeper.testsupport.WatchkeeperTestResource;

/** PostgreSQL out of reach for 30 s (the service's reactive pool goes through the proxy; migrations went direct). */
@QuarkusTest
@QuarkusTestResource(
        value = WatchkeeperTestResource.class,
        restrictToAnnotatedClass = true,
        initArgs = {
            @ResourceArg(name = "service", value = "collector"),
            @ResourceArg(name = "databaseBehindProxy", value = "true")
        })
class DatabaseOutageTest extends ReadingsThroughAnOutage {}
