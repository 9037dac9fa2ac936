package io.watchkeeper.notifier;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.watchkeeper.testsupport.WatchkeeperTestResource;
import io.watchkeeper.testsupport.WireMockResource;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A test of the running notifier on the real broker and database (WatchkeeperTestResource), with WireMock for the
 * third parties it calls. The one annotation
 * its Quarkus tests carry, so they share one application start; a test that needs more (an outage) declares its own.
 */
@QuarkusTest
@QuarkusTestResource(
        value = WatchkeeperTestResource.class,
        initArgs = @ResourceArg(name = "service", value = "notifier"))
@QuarkusTestResource(WireMockResource.class)
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface NotifierTest {}
