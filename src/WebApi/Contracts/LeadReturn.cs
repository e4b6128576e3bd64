using MakCrm.Application.Common;
using MakCrm.Application.LeadReturns;
using MakCrm.Domain.LeadReturns;

namespace MakCrm.WebApi.Contracts;

