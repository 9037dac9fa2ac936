package io.watchkeeper.collector.ingest;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.watchkeeper.testsupport.WatchkeeperTestResource;

/** The broker out of reach for 30 s while meters go on writing readings (the companion reaches it). */
@QuarkusTest
@QuarkusTestResource(
        value = WatchkeeperTestResource.class,
        restrictToAnnotatedClass = true,
        initArgs = {
            @ResourceArg(name = "service", value = "collector"),
            @ResourceArg(name = "brokerBehindProxy", value = "true")
        })
class BrokerOutageTest extends ReadingsThroughAnOutage {}
