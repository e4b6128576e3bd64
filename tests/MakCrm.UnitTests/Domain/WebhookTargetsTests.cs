using System.Net;
using MakCrm.Domain.Webhooks;
using MakCrm.Infrastructure.Webhooks;

namespace MakCrm.UnitTests.Domain;

public sealed class WebhookTargetsTests
{
    [Theory]
    [InlineData("127.0.0.1")] // loopback
    [InlineData("127.255.0.9")]
    [InlineData("10.0.0.1")] // private
    [InlineData("172.16.5.4")]
    [InlineData("172.31.255.255")]
    [InlineData("192.168.1.1")]
    [InlineData("169.254.169.254")] // link-local (cloud metadata)
    [InlineData("100.64.0.1")] // CGNAT 100.64/10
    [InlineData("100.127.255.254")]
    [InlineData("224.0.0.1")] // multicast
    [InlineData("239.255.255.250")]
    [InlineData("0.0.0.0")] // unspecified
    [InlineData("255.255.255.255")] // broadcast
    [InlineData("::1")] // IPv6 loopback
    [InlineData("::")] // IPv6 unspecified
    [InlineData("fc00::1")] // unique-local fc00::/7
    [InlineData("fd12:3456::1")]
    [InlineData("fe80::1")] // link-local fe80::/10
    [InlineData("febf::1")]
    [InlineData("ff02::1")] // IPv6 multicast
    [InlineData("::ffff:10.0.0.1")] // IPv4-mapped forms of the IPv4 classes
    [InlineData("::ffff:127.0.0.1")]
    [InlineData("::ffff:169.254.169.254")]
    [InlineData("::ffff:100.64.0.1")]
    public void Internal_addresses_are_refused(string address) => WebhookTargets.IsPrivate(IPAddress.Parse(address)).Should().BeTrue();

    [Theory]
    [InlineData("93.184.215.14")]
    [InlineData("8.8.8.8")]
    [InlineData("100.128.0.1")] // just past CGNAT
    [InlineData("172.32.0.1")] // just past 172.16/12
    [InlineData("2606:4700:4700::1111")]
    [InlineData("::ffff:8.8.8.8")]
    public void Public_addresses_are_allowed(string address) => WebhookTargets.IsPrivate(IPAddress.Parse(address)).Should().BeFalse();

    [Theory]
    [InlineData("ftp://example.com/x")]
    [InlineData("/relative")]
    [InlineData("https://user:pass@example.com/x")]
    [InlineData("http://localhost:5000/x")]
    [InlineData("http://[::ffff:10.0.0.1]/x")]
    public void Urls_that_are_not_public_http_targets_are_refused(string url) => WebhookTargets.Refusal(url, allowPrivate: false).Should().NotBeNull();

    [Fact]
    public void Private_targets_are_allowed_when_the_installation_says_so()
    {
        WebhookTargets.Refusal("http://127.0.0.1:8080/x", allowPrivate: true).Should().BeNull();
        WebhookTargets.Refusal("https://hooks.example.com/x", allowPrivate: false).Should().BeNull();
    }

    [Fact]
    public void A_signature_is_v1_and_the_base64_hmac_of_id_timestamp_and_body_one_per_secret()
    {
        // The example of the Standard Webhooks specification's reference libraries.
        var key = WebhookSigning.KeyOf("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw");
        var body = System.Text.Encoding.UTF8.GetBytes("""{"test": 2432232314}""");
        WebhookSigning.Signature("msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, body, [key])
            .Should().Be("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
        WebhookSigning.Signature("msg_1", 1, body, [key, key]).Split(' ').Should().HaveCount(2);
    }
}
