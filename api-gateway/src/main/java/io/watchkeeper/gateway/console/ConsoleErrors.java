package io.watchkeeper.gateway.console;

import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * A page whose API call was refused shows the refusal as a page (in the person's language, with the API's own
 * words), with the status the API gave: a 403 for a role that may not, a 404 for another tenant's alert.
 */
public class ConsoleErrors {

    private final SecurityIdentity identity;

    public ConsoleErrors(SecurityIdentity identity) {
        this.identity = identity;
    }

    @CheckedTemplate(basePath = "console")
    static class Templates {
        static native TemplateInstance error(ConsoleUser user, int status, String detail);
    }

    @ServerExceptionMapper
    public Response refused(ConsoleApi.Refused e, HttpHeaders headers) {
        ConsoleUser user = ConsoleUser.of(identity, headers);
        String page = Templates.error(user, e.status, e.getMessage())
                .setLocale(user.locale())
                .render();
        return Response.status(e.status)
                .type(MediaType.TEXT_HTML_TYPE.withCharset("UTF-8"))
                .entity(page)
                .build();
    }
}
