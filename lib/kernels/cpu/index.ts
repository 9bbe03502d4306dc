/** Registers every reference CPU kernel (import for its side effects). */
import './array';
import './math';
import './state';
import './resource_variables';
import './reduction';
import './nn';
import './linalg';
import './matrix_decompositions';
import './random';
import './grad';
import './training';
import './nn_grad';
import './control';
import './logging';
import './data_flow';
import './parsing';
import './lookup';
