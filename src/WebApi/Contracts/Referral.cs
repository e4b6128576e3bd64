using MakCrm.Application.Common;
using MakCrm.Application.Referrals;
using MakCrm.Domain.Organizations;

namespace MakCrm.WebApi.Contracts;
