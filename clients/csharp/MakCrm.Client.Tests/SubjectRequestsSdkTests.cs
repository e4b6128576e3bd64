using MakCrm.Testing;

namespace MakCrm.Client.Tests;

/// <summary>Subject requests through the SDK, against the real API on a loopback port.</summary>
public sealed class SubjectRequestsSdkTests(ApiServerFixture server) : SdkTest(server)
{
    [Fact]
    public async Task A_request_is_registered_on_its_clock_extended_refused_and_closed_under_If_Match()
    {
        var client = (
            await Api.CreateClientAsync(
                new CreateClientRequest
                {
                    FullName = "Субъектов Семён",
                    Phone = "+79990007733",
                    Source = "partner",
                }
            )
        ).Result;
        var created = await Api.CreateSubjectRequestAsync(
            new CreateSubjectRequestRequest
            {
                ClientId = client.Id,
                Kind = SubjectRequestKind.Access,
                Channel = SubjectRequestChannel.Bot,
                Details = "Прошу копию моих данных.",
            },
            Guid.NewGuid().ToString()
        );
        created.StatusCode.Should().Be(201);
        created.Result.Status.Should().Be(SubjectRequestStatus.Received);
        created.Result.DueOn.Should().BeAfter(DateOnly.FromDateTime(created.Result.ReceivedAt.UtcDateTime).AddDays(9));
        var id = created.Result.Id;

        await Expect.ProblemAsync(() => Api.SendSubjectRequestCodeAsync(id), 409, "subject_contact_missing");
        await Expect.ProblemAsync(
            () =>
                Api.VerifySubjectRequestAsync(
                    new VerifySubjectRequestRequest { Method = SubjectVerificationMethod.EmailCode, Code = "123456" },
                    id,
                    created.ETag!
                ),
            400,
            "subject_request_code_invalid"
        );
        await Expect.ProblemAsync(
            () => Api.AnswerSubjectRequestAsync(new AnswerSubjectRequestRequest { Text = "Ответ" }, id,
                created.ETag!),
            409,
            "subject_request_state"
        );
        var extended = await Api.ExtendSubjectRequestAsync(
            new SubjectRequestReason { Reason = "Запрошены данные у банка." },
            id,
            created.ETag!
        );
        extended.Result.Status.Should().Be(SubjectRequestStatus.Extended);
        extended.Result.DueOn.Should().BeAfter(created.Result.DueOn);
        await Expect.ProblemAsync(
            () => Api.RefuseSubjectRequestAsync(new SubjectRequestReason { Reason = "Устарело" }, id,
                created.ETag!),
            412,
            "precondition_failed"
        );
        var refused = await Api.RefuseSubjectRequestAsync(
            new SubjectRequestReason { Reason = "Личность не подтверждена." },
            id,
            extended.ETag!
        );
        refused.Result.RefusalReason.Should().Be("Личность не подтверждена.");
        var closed = await Api.CloseSubjectRequestAsync(id, refused.ETag!);
        closed.Result.Status.Should().Be(SubjectRequestStatus.Closed);

        (await Api.GetSubjectRequestAsync(id)).Result.Version.Should().Be(closed.Result.Version);
        var listed = await Api.ListSubjectRequestsAsync(
            status: SubjectRequestStatus.Closed,
            kind: SubjectRequestKind.Access,
            clientId: client.Id,
            sort: SubjectRequestSort.DueOnDescending
        );
        listed.Result.Items.Select(r => r.Id).Should().Equal(id);
    }

    [Fact]
    public async Task A_consent_withdrawal_names_its_purposes_and_withdraws_their_consents_when_answered()
    {
        var client = (await Api.CreateClientAsync(TestData.NewClient("Отзывов Олег"))).Result;
        async Task<Consent> Give(ConsentPurpose purpose) =>
            (
                await Api.CreateConsentAsync(
                    new CreateConsentRequest
                    {
                        ClientId = client.Id,
                        Purpose = purpose,
                        TextVersion = "2026-11",
                        GivenAt = DateTimeOffset.UtcNow.AddDays(-1),
                        Source = ConsentSource.Form,
                    },
                    Guid.NewGuid().ToString()
                )
            ).Result;
        var advertising = await Give(ConsentPurpose.AdvertisingMessages);
        var processing = await Give(ConsentPurpose.PersonalDataProcessing);

        var missing = await Expect.ProblemAsync(
            () =>
                Api.CreateSubjectRequestAsync(
                    new CreateSubjectRequestRequest
                    {
                        ClientId = client.Id,
                        Kind = SubjectRequestKind.ConsentWithdrawal,
                        Channel = SubjectRequestChannel.HeadOffice,
                    },
                    Guid.NewGuid().ToString()
                ),
            400,
            "validation_failed"
        );
        missing.Errors.Should().ContainKey("purposes");

        var created = await Api.CreateSubjectRequestAsync(
            new CreateSubjectRequestRequest
            {
                ClientId = client.Id,
                Kind = SubjectRequestKind.ConsentWithdrawal,
                Channel = SubjectRequestChannel.HeadOffice,
                Purposes = [ConsentPurpose.AdvertisingMessages],
                Details = "Прошу прекратить рекламные рассылки.",
            },
            Guid.NewGuid().ToString()
        );
        created.Result.Purposes.Should().Equal(ConsentPurpose.AdvertisingMessages);
        var scan = await Api.UploadDocumentAsync(
            Guid.NewGuid().ToString(),
            new FileParameter(new MemoryStream("%PDF-1.4\n%sdk\n%%EOF\n"u8.ToArray()), "Заявление.pdf", "application/pdf"),
            DocumentKind.Scan
        );
        var verified = await Api.VerifySubjectRequestAsync(
            new VerifySubjectRequestRequest { Method = SubjectVerificationMethod.Paper, DocumentId = scan.Result.Id },
            created.Result.Id,
            created.ETag!
        );
        var answered = await Api.AnswerSubjectRequestAsync(
            new AnswerSubjectRequestRequest { Text = "Рассылки прекращены." },
            created.Result.Id,
            verified.ETag!
        );
        answered.Result.Status.Should().Be(SubjectRequestStatus.Answered);

        var withdrawn = (await Api.GetConsentAsync(advertising.Id)).Result;
        withdrawn.Status.Should().Be(ConsentStatus.Withdrawn);
        withdrawn.Withdrawal!.Source.Should().Be(ConsentSource.PaperScan);
        withdrawn.Withdrawal.DocumentId.Should().Be(scan.Result.Id);
        (await Api.GetConsentAsync(processing.Id)).Result.Status.Should().Be(ConsentStatus.Active);
    }

    [Fact]
    public async Task A_person_is_verified_by_a_code_sent_by_sms_to_the_phone_on_record()
    {
        var client = (await Api.CreateClientAsync(TestData.NewClient("Смсов Семён"))).Result;
        var created = await Api.CreateSubjectRequestAsync(
            new CreateSubjectRequestRequest
            {
                ClientId = client.Id,
                Kind = SubjectRequestKind.Access,
                Channel = SubjectRequestChannel.Bot,
            },
            Guid.NewGuid().ToString()
        );

        var sent = await Api.SendSubjectRequestCodeAsync(created.Result.Id, SubjectCodeChannel.Sms);
        sent.StatusCode.Should().Be(202);
        sent.Result.Channel.Should().Be(SubjectCodeChannel.Sms);
        sent.Result.SentTo.Should().EndWith(client.Phone[^4..]).And.StartWith("+7*");
        var code = System.Text.RegularExpressions.Regex.Match(await Server.NextSmsToAsync(client.Phone), @"\d{6}").Value;

        var verified = await Api.VerifySubjectRequestAsync(
            new VerifySubjectRequestRequest { Method = SubjectVerificationMethod.PhoneCode, Code = code },
            created.Result.Id,
            created.ETag!
        );
        verified.Result.VerificationMethod.Should().Be(SubjectVerificationMethod.PhoneCode);
        verified.Result.Status.Should().Be(SubjectRequestStatus.Verified);
    }
}
