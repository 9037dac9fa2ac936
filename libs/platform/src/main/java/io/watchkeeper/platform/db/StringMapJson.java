package io.watchkeeper.platform.db;

import com.fasterxml.jackson.core.type.TypeReference;
import java.util.Map;

/** A {@code Map<String, String>} (labels, headers) as JSON text. */
@jakarta.persistence.Converter
public class StringMapJson extends JsonText<Map<String, String>> {

    public StringMapJson() {
        super(new TypeReference<>() {});
    }
}
