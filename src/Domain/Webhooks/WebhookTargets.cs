using System.Net;
using System.Net.Sockets;

namespace MakCrm.Domain.Webhooks;

/// <summary>
/// Which addresses a webhook may be sent to: public ones only, unless private targets are allowed (a local demo, the
/// tests). Loopback, private, link-local, CGNAT, multicast, unspecified and broadcast IPv4 addresses, IPv6 loopback,
/// unique-local, link-local, multicast and unspecified ones, and the IPv4-mapped forms of the IPv4 classes are refused:
/// a receiver must not reach the servers' own network (SSRF).
/// </summary>
public static class WebhookTargets
{
    private static readonly IPNetwork[] RefusedV4 =
    [
        IPNetwork.Parse("0.0.0.0/8"),
        IPNetwork.Parse("10.0.0.0/8"),
        IPNetwork.Parse("100.64.0.0/10"),
        IPNetwork.Parse("127.0.0.0/8"),
        IPNetwork.Parse("169.254.0.0/16"),
        IPNetwork.Parse("172.16.0.0/12"),
        IPNetwork.Parse("192.0.0.0/24"),
        IPNetwork.Parse("192.168.0.0/16"),
        IPNetwork.Parse("198.18.0.0/15"),
        IPNetwork.Parse("224.0.0.0/4"),
        IPNetwork.Parse("240.0.0.0/4"),
    ];

    private static readonly IPNetwork[] RefusedV6 =
    [
        IPNetwork.Parse("::/128"),
        IPNetwork.Parse("::1/128"),
        IPNetwork.Parse("fc00::/7"),
        IPNetwork.Parse("fe80::/10"),
        IPNetwork.Parse("ff00::/8"),
        IPNetwork.Parse("64:ff9b::/96"),
    ];

    /// <summary>Whether the address is one a webhook may never reach while private targets are not allowed.</summary>
    public static bool IsPrivate(IPAddress address)
    {
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        return address.AddressFamily == AddressFamily.InterNetwork
            ? RefusedV4.Any(n => n.Contains(address))
            : RefusedV6.Any(n => n.Contains(address));
    }

    /// <summary>
    /// Why the URL can't be a webhook's target, or <c>null</c>: it must be absolute http(s), without credentials, and
    /// a literal address in it must be public unless <paramref name="allowPrivate"/>. A host name is checked when it
    /// is resolved, at every connection.
    /// </summary>
    public static string? Refusal(string url, bool allowPrivate)
    {
        if (
            !Uri.TryCreate(url, UriKind.Absolute, out var uri)
            || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp)
        )
        {
            return "Give an absolute https:// (or http://) URL.";
        }

        if (!string.IsNullOrEmpty(uri.UserInfo))
        {
            return "The URL must not carry a user name or password.";
        }

        if (!string.IsNullOrEmpty(uri.Fragment))
        {
            return "The URL must not have a fragment (#...).";
        }

        if (
            !allowPrivate
            && (uri.IsLoopback || (IPAddress.TryParse(uri.IdnHost, out var address) && IsPrivate(address)))
        )
        {
            return "The URL points at a private, loopback or otherwise internal address; webhooks are sent to public "
                + "addresses only.";
        }

        return null;
    }
}
