package io.aloft.server.webhook.internal;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Optional;

/**
 * Which URLs an endpoint may have. HTTPS only, with a host, without user information or fragment;
 * plain HTTP only to loopback and only when the server allows it ({@link WebhookPolicy#allowHttpLoopback}).
 * An airline's endpoint must also not reach into the server's own networks: loopback (unless
 * allowed), private, link-local, unique-local, wildcard and multicast addresses are refused, as
 * IP literals at registration and as resolved addresses before each attempt.
 */
public final class WebhookUrls {
  public static final int MAX_URL_LENGTH = 2048;

  private WebhookUrls() {}

  /** Why {@code url} cannot be an endpoint, or empty. */
  public static Optional<String> problem(String url, boolean airline, boolean allowHttpLoopback) {
    if (url.length() > MAX_URL_LENGTH) {
      return Optional.of("The URL is longer than " + MAX_URL_LENGTH + " characters.");
    }
    URI uri;
    try {
      uri = new URI(url);
    } catch (URISyntaxException e) {
      return Optional.of("The URL is not a valid absolute URL.");
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!uri.isAbsolute() || uri.getHost() == null || uri.getRawAuthority() == null) {
      return Optional.of("The URL must be absolute, with a host: https://hooks.example.com/aloft.");
    }
    if (uri.getRawUserInfo() != null || uri.getRawFragment() != null) {
      return Optional.of("The URL must not contain user information or a fragment.");
    }
    boolean loopback = io.aloft.protocol.client.TransportSecurity.isLoopback(uri.getHost());
    if (scheme.equals("http")) {
      if (!loopback) {
        return Optional.of("The URL must be https://; plain http:// is allowed only to loopback, in development.");
      }
      if (!allowHttpLoopback) {
        return Optional.of("The URL must be https://; this server does not allow http:// to loopback"
            + " (setting webhooks.allow_http_loopback).");
      }
    } else if (!scheme.equals("https")) {
      return Optional.of("The URL must be https://.");
    }
    if (airline && isIpLiteral(uri.getHost())) {
      try {
        if (!reachable(InetAddress.getByName(bare(uri.getHost())), allowHttpLoopback)) {
          return Optional.of("The URL names an address of a private, loopback or local network.");
        }
      } catch (java.net.UnknownHostException e) {
        return Optional.of("The URL's host is not a valid address.");
      }
    }
    return Optional.empty();
  }

  /** Whether an airline's endpoint may be sent to this address. */
  public static boolean reachable(InetAddress address, boolean allowLoopback) {
    if (address.isLoopbackAddress()) {
      return allowLoopback;
    }
    boolean uniqueLocal = address instanceof Inet6Address && (address.getAddress()[0] & 0xFE) == 0xFC;
    return !(address.isSiteLocalAddress() || address.isLinkLocalAddress() || address.isAnyLocalAddress()
        || address.isMulticastAddress() || uniqueLocal);
  }

  private static boolean isIpLiteral(String host) {
    String bare = bare(host);
    return bare.matches("[0-9.]+") || bare.contains(":");
  }

  private static String bare(String host) {
    return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
  }
}
