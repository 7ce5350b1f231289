/**
 * The ServiceAccount controllers' entries in the controller table: upstream
 * `serviceaccount-controller` (--concurrent-serviceaccount-syncs 5) and
 * `serviceaccount-token-controller` (--concurrent-serviceaccount-token-syncs 5).
 */
import type { ControllerDescriptor } from '../shared/controller.js';
import { SERVICEACCOUNT_CONTROLLER_NAME, ServiceAccountsController } from './serviceaccounts-controller.js';
import { TOKENS_CONTROLLER_NAME, TokensController } from './tokens-controller.js';

export const serviceAccountController: ControllerDescriptor = {
  name: SERVICEACCOUNT_CONTROLLER_NAME,
  workers: 5,
  create: (context) => new ServiceAccountsController(context),
};

export const serviceAccountTokenController: ControllerDescriptor = {
  name: TOKENS_CONTROLLER_NAME,
  workers: 5,
  create: (context) => new TokensController(context),
};
