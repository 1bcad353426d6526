// The dashboard's entry point: starts the router once the page's modules are loaded.
import {start} from './router.js';

start();
