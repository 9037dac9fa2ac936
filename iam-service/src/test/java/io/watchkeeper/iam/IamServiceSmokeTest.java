package io.watchkeeper.iam;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.watchkeeper.iam.switching.QuotaConsumers;
import io.watchkeeper.testsupport.AuthzMatrix;
import io.watchkeeper.testsupport.ServiceSmokeTest;
import io.watchkeeper.testsupport.WatchkeeperTestResource;
import java.util.List;

@QuarkusTest
@QuarkusTestResource(value = WatchkeeperTestResource.class, initArgs = @ResourceArg(name = "service", value = "iam"))
@QuarkusTestResource(CloudStubResource.class)
class IamServiceSmokeTest extends ServiceSmokeTest {

    @Override
    protected AuthzMatrix.TenantFixture tenantFixture() {
        return new IamTenantFixture();
    }

    @Override
    protected List<String> consumedChannels() {
        return List.of(QuotaConsumers.ALERTS_IN, QuotaConsumers.QUOTAS_IN);
    }
}
