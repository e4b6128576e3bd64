using MakCrm.Testing;

namespace MakCrm.Client.Tests;

/// <summary>What a lead platform does through the SDK: a batch of submissions, and a lead found by its externalRef.</summary>
public sealed class LeadPlatformSdkTests(ApiServerFixture server) : SdkTest(server)
{
    [Fact]
    public async Task A_batch_answers_each_submission_and_a_lead_is_found_by_its_external_ref()
    {
        var reference = "sdk-" + Guid.NewGuid().ToString("N");
        var batch = new LeadSubmissionBatchRequest
        {
            Items =
            [
                new CreateLeadSubmissionRequest
                {
                    FullName = "Платформов Пётр",
                    Phone = TestData.NextPhone(),
                    Source = "external",
                    ExternalRef = reference,
                },
                new CreateLeadSubmissionRequest
                {
                    FullName = "Без телефона",
                    Phone = "not a phone",
                    Source = "external",
                },
            ],
        };

        var answer = await Api.SubmitLeadBatchAsync(batch, Guid.NewGuid().ToString());

        answer.StatusCode.Should().Be(207);
        answer
            .Result.Items.Select(i => i.Outcome)
            .Should()
            .Equal(LeadSubmissionOutcome.Created, LeadSubmissionOutcome.Problem);
        var created = answer.Result.Items.First().Submission!.Lead;
        created.RequestedAmount.Should().BeNull();
        created.ExternalRef.Should().Be(reference);
        answer.Result.Items.Last().Problem!.Code.Should().Be("validation_failed");

        var found = await Api.ListLeadsAsync(externalRef: reference);
        found.Result.Items.Select(l => l.Id).Should().Equal(created.Id);
    }
}
