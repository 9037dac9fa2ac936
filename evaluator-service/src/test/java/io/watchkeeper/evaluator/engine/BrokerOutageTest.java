package io.watchkeeper.evaluator.engine;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.watchkeeper.testsupport.WatchkeeperTestResource;

/** The broker out of reach for 30 s while upstream producers go on writing metrics (the companion reaches it). */
@QuarkusTest
@QuarkusTestResource(value = WatchkeeperTestResource.class, restrictToAnnotatedClass = true, initArgs = {
        @ResourceArg(name = "service", value = "evaluator"), @ResourceArg(name = "brokerBehindProxy", value = "true")})
class BrokerOutageTest extends AlertsThroughAnOutage {
}
