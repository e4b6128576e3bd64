using MakCrm.Testing;

namespace MakCrm.Client.Tests;

/// <summary>A retry with the same Idempotency-Key through the SDK: the first answer again, nothing created twice.</summary>
public sealed class IdempotencySdkTests(ApiServerFixture server) : SdkTest(server)
{
    [Fact]
    public async Task A_retried_submission_with_the_same_key_is_replayed()
    {
        var key = Guid.NewGuid().ToString();
        var submission = new CreateLeadSubmissionRequest
        {
            FullName = "Повторов Пётр",
            Phone = "8 (912) 555-07-08",
            Source = "external",
            RequestedAmount = 800_000m,
            Product = LoanProduct.Consumer,
        };

        var first = await Api.SubmitLeadAsync(submission, key);
        var retry = await Api.SubmitLeadAsync(submission, key);

        first.StatusCode.Should().Be(201);
        first.GetHeader("Idempotent-Replayed").Should().BeNull();
        retry.StatusCode.Should().Be(201);
        retry.GetHeader("Idempotent-Replayed").Should().Be("true");
        retry.Location.Should().Be(first.Location);
        retry.Result.Lead.Id.Should().Be(first.Result.Lead.Id);
        (await Api.ListLeadsAsync()).Result.Items.Should().ContainSingle();
    }
}
