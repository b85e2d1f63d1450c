// The monitoring CLI through the real binary on the server store (cli-suite.ts).
import { monitoringCliSuite } from './cli-suite.ts';

monitoringCliSuite('server');
