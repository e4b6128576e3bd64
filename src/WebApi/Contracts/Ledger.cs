using MakCrm.Application.Common;
using MakCrm.Application.Ledger;
using MakCrm.Domain.Ledger;

namespace MakCrm.WebApi.Contracts;

