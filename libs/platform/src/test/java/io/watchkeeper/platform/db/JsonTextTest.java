package io.watchkeeper.platform.db;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.type.TypeReference;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonTextTest {

    static class Numbers extends JsonText<List<Integer>> {
        Numbers() {
            super(new TypeReference<>() {});
        }
    }

    @Test
    void a_value_goes_in_and_comes_out_and_a_null_column_reads_as_null() {
        Numbers numbers = new Numbers();
        assertThat(numbers.convertToEntityAttribute(numbers.convertToDatabaseColumn(List.of(1, 2))))
                .containsExactly(1, 2);
        // a column a migration added to rows that existed before it
        assertThat(numbers.convertToEntityAttribute(null)).isNull();
    }
}
