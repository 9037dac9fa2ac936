package io.watchkeeper.evaluator;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.watchkeeper.testsupport.WatchkeeperTestResource;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A test of the running evaluator on the real broker and database (WatchkeeperTestResource). The one annotation
 * its Quarkus tests carry, so they share one application start; a test that needs more (an outage) declares its own.
 */
@QuarkusTest
@QuarkusTestResource(
        value = WatchkeeperTestResource.class,
        initArgs = @ResourceArg(name = "service", value = "evaluator"))
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface EvaluatorTest {}
