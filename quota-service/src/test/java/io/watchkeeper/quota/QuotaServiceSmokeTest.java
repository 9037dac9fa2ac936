package io.watchkeeper.quota;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.watchkeeper.testsupport.AuthzMatrix;
import io.watchkeeper.testsupport.ServiceSmokeTest;
import io.watchkeeper.testsupport.WatchkeeperTestResource;
import java.util.List;

@QuarkusTest
@QuarkusTestResource(value = WatchkeeperTestResource.class, initArgs = @ResourceArg(name = "service", value = "quota"))
class QuotaServiceSmokeTest extends ServiceSmokeTest {

    @Override
    protected AuthzMatrix.TenantFixture tenantFixture() {
        return new QuotaTenantFixture();
    }

    @Override
    protected List<String> consumedChannels() {
        return List.of(
                io.watchkeeper.quota.usage.UsageConsumer.CHANNEL, io.watchkeeper.quota.usage.StepAlertConsumer.CHANNEL);
    }
}
