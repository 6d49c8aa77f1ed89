import * as listSearch from './listSearch';
import * as resourceMapping from './resourceMapping';

export { listSearch, resourceMapping };
