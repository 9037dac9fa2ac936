package io.watchkeeper.platform.net;

import io.quarkus.logging.Log;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpConnection;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.ext.web.client.WebClient;
import io.watchkeeper.platform.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The SSRF guard of the calls an admin aims (sources polled, channels and actions posted to). Two checks:
 *
 * <ul>
 *   <li>when the URL is given ({@link #check}): https only, and not a literal internal address;</li>
 *   <li>on every connection the client makes ({@link #webClient}): the address actually connected to, after DNS, is
 *       not internal — loopback, private (10/8, 172.16/12, 192.168/16), shared (100.64/10), link-local (169.254/16,
 *       cloud metadata; fe80::/10), unique-local (fc00::/7), unspecified or multicast — else the connection is
 *       closed before a byte is sent. Redirects are not followed (no webhook or provider API needs one), so a public
 *       URL cannot bounce the call inward either.</li>
 * </ul>
 *
 * Hosts in {@code WK_ALLOWED_HOSTS} (tests, on-premises targets; names or addresses) pass both, and may use plain
 * http.
 */
@ApplicationScoped
public class UrlGuard {

    private final Set<String> allowedHosts;

    public UrlGuard(
            @ConfigProperty(name = "watchkeeper.allowed-hosts", defaultValue = "none") List<String> allowedHosts) {
        this.allowedHosts = allowedHosts.stream()
                .map(h -> h.trim().toLowerCase(Locale.ROOT))
                .filter(h -> !h.isEmpty() && !h.equals("none"))
                .collect(Collectors.toSet());
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

    /**
     * A web client for admin-aimed URLs: redirects are not followed, and a connection whose peer is an internal
     * address (unless allow-listed) is closed at once, failing its request.
     */
    public WebClient webClient(Vertx vertx, WebClientOptions options) {
        WebClientOptions noRedirects = new WebClientOptions(options).setFollowRedirects(false);
        io.vertx.core.http.HttpClient client = vertx.getDelegate()
                .httpClientBuilder()
                .with(new HttpClientOptions(noRedirects))
                .withConnectHandler(this::refuseInternal)
                .build();
        return WebClient.newInstance(io.vertx.ext.web.client.WebClient.wrap(client, noRedirects));
    }

    private void refuseInternal(HttpConnection connection) {
        io.vertx.core.net.SocketAddress peer = connection.remoteAddress();
        String address = peer.hostAddress();
        String name = peer.hostName();
        if (address != null && allowedHosts.contains(address.toLowerCase(Locale.ROOT))
                || name != null && allowedHosts.contains(name.toLowerCase(Locale.ROOT))) {
            return;
        }
        boolean internal;
        try {
            internal = address == null || isInternal(InetAddress.getByName(address)); // a literal: no lookup
        } catch (UnknownHostException e) {
            internal = true;
        }
        if (internal) {
            // the request fails as "connection closed"; this says why
            Log.warnf(
                    "refused a connection to %s (%s): an internal address; allow-list the host in WK_ALLOWED_HOSTS"
                            + " if it is meant to be reached",
                    name, address);
            connection.close();
        }
    }

    /** Whether an address is one a tenant's URL must never reach (see the class comment for the ranges). */
    public static boolean isInternal(InetAddress address) {
        if (address.isLoopbackAddress()
                || address.isSiteLocalAddress()
                || address.isLinkLocalAddress()
                || address.isAnyLocalAddress()
                || address.isMulticastAddress()) {
            return true;
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            // "this network" 0/8, shared address space (carrier-grade NAT) 100.64/10, broadcast
            return first == 0 || first == 100 && second >= 64 && second < 128 || first == 255;
        }
        if (address instanceof Inet6Address) {
            if ((b[0] & 0xfe) == 0xfc) {
                return true; // unique-local fc00::/7
            }
            boolean mapped = (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
            for (int i = 0; i < 10; i++) {
                mapped &= b[i] == 0;
            }
            if (mapped) { // ::ffff:a.b.c.d: the IPv4 address inside decides
                try {
                    return isInternal(InetAddress.getByAddress(Arrays.copyOfRange(b, 12, 16)));
                } catch (UnknownHostException e) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean isInternalLiteral(String host) {
        if (host.equals("localhost") || host.endsWith(".localhost")) {
            return true;
        }
        if (!host.matches("[0-9.]+") && !host.contains(":")) {
            return false; // a name: checked on every connection, after DNS
        }
        try {
            return isInternal(InetAddress.getByName(host.replace("[", "").replace("]", "")));
        } catch (UnknownHostException e) {
            return true;
        }
    }
}
