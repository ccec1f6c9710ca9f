/**
 * The parties' main operations, as front-end teams and providers' systems would send them.
 * Each carries its generated types (`npm run codegen` reads these documents and writes
 * test/__generated__/operations.ts), so a test that runs one with `ask` is checked against
 * the composed API schema.
 */
import { typed } from './support/graphql.js';
import type {
  AssignedOrdersQuery,
  AssignedOrdersQueryVariables,
  ProvidersQuery,
  ProvidersQueryVariables,
  SharedPlanQuery,
  SharedPlanQueryVariables,
  SpendingQuery,
  SpendingQueryVariables,
} from './__generated__/operations.js';

/** The shared plan: what a case worker (and the client) open first. */
export const SHARED_PLAN = typed<SharedPlanQuery, SharedPlanQueryVariables>(/* GraphQL */ `
  query SharedPlan($id: ID!) {
    client(id: $id) {
      id
      personalIdentityCode
      firstName
      lastName
      birthDate
      municipality {
        code
        name(lang: SV)
      }
      language
      responsibleWorker {
        id
        name
        email
      }
      currentPlan {
        id
        version
        status
        validFrom
        validTo
        situation
        goals
        services {
          id
          quantity
          unit
          per
          schedule
          location
          instructions
          serviceType {
            code
            name
            unit
          }
          availableOfferings(first: 3) {
            id
            price {
              amount
              currency
            }
            provider {
              id
              name
              languages
            }
          }
          orders {
            id
            status
            quantity
            planVersion
            unitPrice {
              amount
            }
            voucherValue {
              amount
            }
            clientShare {
              amount
            }
            provider {
              id
              name
            }
            deliveries {
              id
              date
              quantity
              amount {
                amount
              }
            }
          }
        }
        budget {
          total {
            amount
            currency
          }
          committed {
            amount
          }
          spent {
            amount
          }
          remaining {
            amount
          }
          lines {
            plannedService {
              id
            }
            unitCost {
              amount
            }
            amount {
              amount
            }
          }
        }
      }
      vouchers {
        id
        status
        granted {
          amount
        }
        balance {
          amount
        }
        validFrom
        validTo
      }
    }
  }
`);

/** A provider's system polling its work queue. */
export const ASSIGNED_ORDERS = typed<AssignedOrdersQuery, AssignedOrdersQueryVariables>(/* GraphQL */ `
  query AssignedOrders($first: Int, $after: String, $status: [OrderStatus!], $updatedSince: DateTime) {
    assignedOrders(first: $first, after: $after, status: $status, updatedSince: $updatedSince) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        cursor
        node {
          id
          status
          quantity
          updatedAt
          unitPrice {
            amount
          }
          clientShare {
            amount
          }
          provider {
            id
          }
          client {
            id
            firstName
            lastName
            language
            address {
              line
              postalCode
              city
            }
          }
          plannedService {
            id
            schedule
            location
            instructions
            serviceType {
              code
              name
            }
          }
        }
      }
    }
  }
`);

/** The client comparing providers for a service. */
export const PROVIDERS = typed<ProvidersQuery, ProvidersQueryVariables>(/* GraphQL */ `
  query Providers($first: Int, $after: String, $filter: ProviderFilter) {
    providers(first: $first, after: $after, filter: $filter) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        cursor
        node {
          id
          businessId
          name
          status
          languages
          municipalities {
            code
            name
          }
          offerings {
            serviceType {
              code
            }
            price {
              amount
            }
            unit
          }
        }
      }
    }
  }
`);

/** The analyst's aggregate. */
export const SPENDING = typed<SpendingQuery, SpendingQueryVariables>(/* GraphQL */ `
  query Spending($from: Date!, $to: Date!, $groupBy: [ReportDimension!]!, $municipalityCode: String) {
    spendingReport(from: $from, to: $to, groupBy: $groupBy, municipalityCode: $municipalityCode) {
      total {
        amount
        currency
      }
      rows {
        serviceTypeCode
        municipalityCode
        providerId
        month
        suppressed
        clients
        orders
        amount {
          amount
        }
      }
    }
  }
`);
