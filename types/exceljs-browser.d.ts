// The browser build of exceljs (a self-contained bundle); the node entry needs node's stream and fs.
declare module 'exceljs/dist/exceljs.min.js' {
  import ExcelJS from 'exceljs';
  export default ExcelJS;
}
