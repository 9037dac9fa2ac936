package io.watchkeeper.gateway;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.watchkeeper.testsupport.ServiceSmokeTest;
import io.watchkeeper.testsupport.WatchkeeperTestResource;

@QuarkusTest
@QuarkusTestResource(
        value = WatchkeeperTestResource.class,
        initArgs = @ResourceArg(name = "service", value = "gateway"))
class GatewaySmokeTest extends ServiceSmokeTest {}
