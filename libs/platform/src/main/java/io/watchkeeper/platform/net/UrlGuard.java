package io.watchkeeper.platform.net;

import io.watchkeeper.platform.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * SSRF guard for URLs an admin gives us to call (channels, sources): https only, and never a literal
 * loopback, private or link-local address, unless the host is allow-listed ({@code WK_ALLOWED_HOSTS}),
 * which also permits plain http.
 */
@ApplicationScoped
public class UrlGuard {

    private final Set<String> allowedHosts;

    public UrlGuard(@ConfigProperty(name = "watchkeeper.allowed-hosts", defaultValue = "none") List<String> allowedHosts) {
        this.allowedHosts = allowedHosts.stream().map(h -> h.trim().toLowerCase(Locale.ROOT))
                .filter(h -> !h.isEmpty() && !h.equals("none")).collect(Collectors.toSet());
    }

    /** @return the parsed URL; @throws ProblemException 400 naming {@code field} */
    public URI check(String url, String field) {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw ProblemException.invalid(field, "is not a URL");
        }
        String host = uri.getHost() == null ? null : uri.getHost().toLowerCase(Locale.ROOT);
        if (host == null || uri.getScheme() == null) {
            throw ProblemException.invalid(field, "must be an absolute URL");
        }
        if (allowedHosts.contains(host)) {
            if (!uri.getScheme().equals("https") && !uri.getScheme().equals("http")) {
                throw ProblemException.invalid(field, "must be http or https");
            }
            return uri;
        }
        if (!uri.getScheme().equals("https")) {
            throw ProblemException.invalid(field, "must be https");
        }
        if (isInternalLiteral(host)) {
            throw ProblemException.invalid(field, "must not point to an internal address");
        }
        return uri;
    }

    private static boolean isInternalLiteral(String host) {
        if (host.equals("localhost") || host.endsWith(".localhost")) {
            return true;
        }
        if (!host.matches("[0-9.]+") && !host.contains(":")) {
            return false;
        }
        try {
            InetAddress address = InetAddress.getByName(host.replace("[", "").replace("]", ""));
            return address.isLoopbackAddress() || address.isSiteLocalAddress() || address.isLinkLocalAddress()
                    || address.isAnyLocalAddress();
        } catch (java.net.UnknownHostException e) {
            return true;
        }
    }
}
