package io.watchkeeper.platform.rest;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.QueryParam;

/**
 * The {@code page} (from 0) and {@code size} (1 to {@value Page#MAX_SIZE}) query parameters of every list endpoint:
 * {@code @Valid @BeanParam PageQuery paging}. Out of bounds is a 400 naming the parameter.
 */
public class PageQuery {

    @QueryParam("page")
    @DefaultValue("0")
    @Min(0)
    public int page;

    @QueryParam("size")
    @DefaultValue(Page.DEFAULT_SIZE)
    @Min(1)
    @Max(Page.MAX_SIZE)
    public int size;

    public int page() {
        return page;
    }

    public int size() {
        return size;
    }
}
