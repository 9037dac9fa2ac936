package io.watchkeeper.collector;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.watchkeeper.testsupport.AuthzMatrix;
import io.watchkeeper.testsupport.ServiceSmokeTest;
import io.watchkeeper.testsupport.WatchkeeperTestResource;
import io.watchkeeper.collector.ingest.AlertAnswers;
import io.watchkeeper.collector.ingest.IngestConsumers;
import java.util.List;

@QuarkusTest
@QuarkusTestResource(value = WatchkeeperTestResource.class, initArgs = @ResourceArg(name = "service", value = "collector"))
class CollectorServiceSmokeTest extends ServiceSmokeTest {

    @Override
    protected AuthzMatrix.TenantFixture tenantFixture() {
        return new CollectorTenantFixture();
    }

    @Override
    protected List<String> consumedChannels() {
        return List.of(IngestConsumers.USAGE_IN, IngestConsumers.ENERGY_IN, IngestConsumers.HEARTBEAT_IN,
                AlertAnswers.ALERTS_IN);
    }
}
