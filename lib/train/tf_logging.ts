/** The `tf.logging` namespace. Re-exports only. */
export {
  DEBUG, INFO, WARN, ERROR, FATAL, set_verbosity, get_verbosity, debug, info, warning, warn, error, fatal, log, log_first_n,
  log_every_n,
} from './logging';
