package io.watchkeeper.evaluator.engine;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.kafka.InjectKafkaCompanion;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import io.watchkeeper.testsupport.TcpProxy;
import io.watchkeeper.testsupport.WatchkeeperTestResource;

/** The broker out of reach for 30 s while upstream producers go on writing metrics (the companion reaches it). */
@QuarkusTest
@QuarkusTestResource(value = WatchkeeperTestResource.class, restrictToAnnotatedClass = true, initArgs = {
        @ResourceArg(name = "service", value = "evaluator"), @ResourceArg(name = "brokerBehindProxy", value = "true")})
class BrokerOutageTest extends AlertsThroughAnOutage {

    @InjectKafkaCompanion
    KafkaCompanion kafka;

    TcpProxy broker;

    @Override
    KafkaCompanion kafka() {
        return kafka;
    }

    @Override
    TcpProxy dependency() {
        return broker;
    }
}
