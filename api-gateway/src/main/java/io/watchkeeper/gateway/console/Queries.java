package io.watchkeeper.gateway.console;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Query strings for the pages' links, and the items of an API page. */
final class Queries {

    private Queries() {}

    /** {@code a=1&b=2} from name/value pairs, leaving out blank values, URL-encoded. */
    static String of(String... pairs) {
        List<String> parts = new ArrayList<>();
        for (int i = 0; i + 1 < pairs.length; i += 2) {
            if (pairs[i + 1] != null && !pairs[i + 1].isBlank()) {
                parts.add(pairs[i] + "=" + URLEncoder.encode(pairs[i + 1], StandardCharsets.UTF_8));
            }
        }
        return String.join("&", parts);
    }

    /** An API page's {@code items}, each an object. */
    static List<JsonObject> items(JsonObject page) {
        return objects(page.getJsonArray("items"));
    }

    /** A JSON array of objects as a list templates can type. */
    static List<JsonObject> objects(JsonArray array) {
        List<JsonObject> objects = new ArrayList<>();
        array.forEach(o -> objects.add((JsonObject) o));
        return objects;
    }
}
