package io.watchkeeper.iam;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.watchkeeper.testsupport.VolcengineIamStub;
import java.util.Map;

/**
 * The Volcengine IAM stub for iam-service tests: the service calls it instead of the cloud, with short timeouts,
 * retries and breaker delays so that faults pass quickly. Fills {@link VolcengineIamStub} fields.
 */
public class CloudStubResource implements QuarkusTestResourceLifecycleManager {

    private VolcengineIamStub stub;

    @Override
    public Map<String, String> start() {
        stub = new VolcengineIamStub().account(IamRequests.MAIN_AK, IamRequests.MAIN_SK);
        return Map.of(
                "watchkeeper.iam.volcengine-url",
                stub.baseUrl(),
                "watchkeeper.iam.cloud.timeout",
                "2s",
                "watchkeeper.iam.cloud.retries",
                "2",
                "watchkeeper.iam.cloud.backoff",
                "50ms",
                "watchkeeper.iam.cloud.breaker-delay",
                "500ms",
                "watchkeeper.iam.switch.alert-after",
                "2s");
    }

    @Override
    public void inject(TestInjector injector) {
        injector.injectIntoFields(stub, new TestInjector.MatchesType(VolcengineIamStub.class));
    }

    @Override
    public void stop() {
        if (stub != null) {
            stub.close();
        }
    }
}
